package org.sotto.app.ui;

import java.util.prefs.Preferences;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The AtlantaFX theme, light or dark, switched by the user and remembered for the next start (user preferences);
 * every window follows {@link #current()}.
 */
public enum Theme {
    LIGHT, DARK;

    private static final String PREFERENCE = "theme";
    private static final ObjectProperty<Theme> CURRENT = new SimpleObjectProperty<>(remembered());

    static {
        CURRENT.addListener((obs, old, next) -> {
            next.install();
            // java.util.prefs keeps it in memory and writes it to disk on its own thread
            Preferences.userNodeForPackage(Theme.class).put(PREFERENCE, next.name());
        });
    }

    private static Theme remembered() {
        try {
            return valueOf(Preferences.userNodeForPackage(Theme.class).get(PREFERENCE, LIGHT.name()));
        } catch (IllegalArgumentException | SecurityException e) {
            return LIGHT;
        }
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
