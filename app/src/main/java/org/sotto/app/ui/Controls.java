package org.sotto.app.ui;

import java.util.Objects;

import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

/** Small builders the views share. */
public final class Controls {
    private Controls() {
    }

    /** A button that shows only an icon: its words go to the tooltip and to screen readers. */
    public static Button iconButton(Ikon icon, String accessibleText) {
        Button button = new Button();
        button.setGraphic(new FontIcon(icon));
        button.setAccessibleText(Objects.requireNonNull(accessibleText));
        button.setTooltip(new Tooltip(accessibleText));
        button.getStyleClass().addAll("button-icon", "flat");
        return button;
    }

    /** The stylesheet of the app's own classes, on top of the theme. */
    public static String stylesheet() {
        return Objects.requireNonNull(Controls.class.getResource("/org/sotto/app/sotto.css")).toExternalForm();
    }
}
