package org.sotto.app.ui;

import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;

import javafx.geometry.Insets;

import javafx.scene.control.Button;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The three-way theme switch (light, dark, follow the system): an icon button showing the choice in use, whose
 * accessible text says the choice and what a click does.
 */
public final class ThemeSwitch {
    private ThemeSwitch() {
    }

    /** A bar across the top of a screen with the switch on its right (the unlock, lock and sign-in screens). */
    public static HBox bar() {
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(grow, create());
        bar.setPadding(new Insets(8));
        return bar;
    }

    public static Button create() {
        Button button = Controls.iconButton(Material2MZ.WB_SUNNY, "");
        button.setId("theme-switch");
        Runnable show = () -> {
            Theme.Choice choice = Theme.choice().get();
            String words = Strings.get("theme.switch", Strings.of("theme.choice", choice),
                    Strings.of("theme.choice", choice.next()));
            button.setAccessibleText(words);
            button.getTooltip().setText(words);
            button.setGraphic(new FontIcon(icon(choice)));
        };
        InvalidationListener listener = obs -> show.run();
        button.getProperties().put(ThemeSwitch.class, listener); // held by the button, so the theme does not keep it
        Theme.choice().addListener(new WeakInvalidationListener(listener));
        show.run();
        button.setOnAction(e -> Theme.choice().set(Theme.choice().get().next()));
        return button;
    }

    private static Ikon icon(Theme.Choice choice) {
        return switch (choice) {
            case LIGHT -> Material2MZ.WB_SUNNY;
            case DARK -> Material2MZ.NIGHTS_STAY;
            case SYSTEM -> Material2AL.BRIGHTNESS_AUTO;
        };
    }
}
