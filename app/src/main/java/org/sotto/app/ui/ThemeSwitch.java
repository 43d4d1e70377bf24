package org.sotto.app.ui;

import javafx.scene.control.Button;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;

/** The manual light/dark switch: an icon button whose accessible text says what a click does. */
public final class ThemeSwitch {
    private ThemeSwitch() {
    }

    public static Button create() {
        Button button = Controls.iconButton(Material2MZ.NIGHTS_STAY, Strings.get("theme.switch.to.DARK"));
        button.setId("theme-switch");
        Runnable show = () -> {
            Theme next = Theme.current().get().other();
            String words = Strings.of("theme.switch.to", next);
            button.setAccessibleText(words);
            button.getTooltip().setText(words);
            button.setGraphic(new FontIcon(next == Theme.DARK ? Material2MZ.NIGHTS_STAY : Material2MZ.WB_SUNNY));
        };
        javafx.beans.InvalidationListener listener = obs -> show.run();
        button.getProperties().put(ThemeSwitch.class, listener); // held by the button, so the theme does not keep it
        Theme.current().addListener(new javafx.beans.WeakInvalidationListener(listener));
        show.run();
        button.setOnAction(e -> Theme.current().set(Theme.current().get().other()));
        return button;
    }
}
