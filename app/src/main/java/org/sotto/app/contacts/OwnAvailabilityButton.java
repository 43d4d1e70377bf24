package org.sotto.app.contacts;

import java.util.Locale;

import javafx.beans.property.ObjectProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.scene.control.MenuButton;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.shape.Circle;

import org.sotto.app.settings.UserSettings;
import org.sotto.app.ui.Strings;
import org.sotto.core.api.contacts.Availability;

/**
 * The availability the user shows contacts, chosen from a menu: its dot and its words (as contacts see them) on the
 * button, one item per choice of {@link UserSettings#AVAILABILITIES}.
 */
public final class OwnAvailabilityButton {
    private OwnAvailabilityButton() {
    }

    public static MenuButton create(ObjectProperty<Availability> chosen) {
        MenuButton button = new MenuButton();
        button.setId("own-availability");
        button.getStyleClass().addAll("flat", "small", "own-availability");
        button.setMinWidth(Region.USE_PREF_SIZE); // its words whole: a long connection state wraps beside it instead
        button.setTooltip(new Tooltip(Strings.get("presence.own.tooltip")));
        ToggleGroup group = new ToggleGroup();
        for (Availability availability : UserSettings.AVAILABILITIES) {
            RadioMenuItem item = new RadioMenuItem(ContactsViewModel.presenceText(availability), dot(availability));
            item.setId("own-availability-" + availability.name().toLowerCase(Locale.ROOT));
            item.setUserData(availability);
            item.setToggleGroup(group);
            item.setOnAction(e -> chosen.set(availability));
            button.getItems().add(item);
        }
        Runnable show = () -> {
            Availability now = chosen.get();
            button.setText(ContactsViewModel.presenceText(now));
            button.setGraphic(dot(now));
            button.setAccessibleText(Strings.get("presence.own.accessible", ContactsViewModel.presenceText(now)));
            group.getToggles().forEach(t -> t.setSelected(t.getUserData() == now));
        };
        show.run();
        // weak: the button goes with the chats' view (lock), the setting stays
        ChangeListener<Availability> follow = (obs, old, next) -> show.run();
        button.getProperties().put(OwnAvailabilityButton.class, follow);
        chosen.addListener(new WeakChangeListener<>(follow));
        return button;
    }

    private static Circle dot(Availability availability) {
        Circle dot = new Circle(4.5);
        dot.getStyleClass().addAll("presence-dot", ContactsViewModel.presenceStyle(availability));
        return dot;
    }
}
