package org.sotto.app.ui;

import java.util.Objects;

import javafx.event.EventHandler;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;

import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

/** Small builders the views share. */
public final class Controls {
    private Controls() {
    }

    /** A button that shows only an icon: its words go to the tooltip and to screen readers. */
    public static Button iconButton(Ikon icon, String accessibleText) {
        Button button = withoutTooltip(icon, accessibleText);
        button.setTooltip(new Tooltip(accessibleText));
        return button;
    }

    /**
     * As {@link #iconButton}, but its tooltip is made when the pointer first comes onto it: for buttons built in
     * numbers while scrolling (a message's actions), where a tooltip each (a popup control) was a tenth of the
     * JavaFX thread's time. Its tooltip cannot be changed through {@code getTooltip()} before that.
     */
    public static Button iconButtonWithLateTooltip(Ikon icon, String accessibleText) {
        Button button = withoutTooltip(icon, accessibleText);
        tooltipWhenPointedAt(button, accessibleText);
        return button;
    }

    private static Button withoutTooltip(Ikon icon, String accessibleText) {
        Button button = new Button();
        button.setGraphic(new FontIcon(icon));
        button.setAccessibleText(Objects.requireNonNull(accessibleText));
        button.getStyleClass().addAll("button-icon", "flat");
        return button;
    }

    /**
     * A tooltip made when the pointer first comes onto the node: each tooltip is a popup control of its own, too much
     * to build for every message that scrolls past. The tooltip's own timer starts with the next mouse move.
     */
    public static void tooltipWhenPointedAt(Node node, String text) {
        node.addEventHandler(MouseEvent.MOUSE_ENTERED, new EventHandler<>() {
            @Override
            public void handle(MouseEvent event) {
                node.removeEventHandler(MouseEvent.MOUSE_ENTERED, this);
                Tooltip.install(node, new Tooltip(text));
            }
        });
    }

    /** The stylesheet of the app's own classes, on top of the theme. */
    public static String stylesheet() {
        return Objects.requireNonNull(Controls.class.getResource("/org/sotto/app/sotto.css")).toExternalForm();
    }
}
