package org.sotto.app.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/** The AtlantaFX theme, light or dark, switched by the user; every window follows {@link #current()}. */
public enum Theme {
    LIGHT, DARK;

    private static final ObjectProperty<Theme> CURRENT = new SimpleObjectProperty<>(LIGHT);

    static {
        CURRENT.addListener((obs, old, next) -> next.install());
    }

    /** The theme in use; setting it (on the JavaFX thread) restyles every window. */
    public static ObjectProperty<Theme> current() {
        return CURRENT;
    }

    /** Installs the current theme; call once on the JavaFX thread before the first window. */
    public static void installCurrent() {
        CURRENT.get().install();
    }

    public Theme other() {
        return this == LIGHT ? DARK : LIGHT;
    }

    private void install() {
        Application.setUserAgentStylesheet(this == LIGHT ? new PrimerLight().getUserAgentStylesheet()
                : new PrimerDark().getUserAgentStylesheet());
    }
}
