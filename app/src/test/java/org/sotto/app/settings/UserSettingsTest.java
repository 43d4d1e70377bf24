package org.sotto.app.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.prefs.Preferences;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.sotto.core.api.contacts.Availability;

/** The availability kept in the user's preferences: read back by the next start, nothing outside the choices. */
class UserSettingsTest {
    private final Preferences node = Preferences.userRoot().node("sotto-test-user-settings-" + System.nanoTime());

    @AfterEach
    void forget() throws Exception {
        node.removeNode();
    }

    @Test
    void theAvailabilityIsKeptAndOnlyTheWindowsChoicesAreTaken() {
        UserSettings settings = new UserSettings(node);
        assertEquals(Availability.AVAILABLE, settings.availabilityProperty().get(), "the default");
        settings.availabilityProperty().set(Availability.DO_NOT_DISTURB);
        assertEquals(Availability.DO_NOT_DISTURB, new UserSettings(node).availabilityProperty().get(), "kept");

        settings.availabilityProperty().set(Availability.OFFLINE);
        assertEquals(Availability.DO_NOT_DISTURB, settings.availabilityProperty().get(), "offline is not a choice");
        assertEquals(Availability.DO_NOT_DISTURB, new UserSettings(node).availabilityProperty().get());

        node.put("presence.availability", "OFFLINE"); // written by hand, or by another version
        assertEquals(Availability.AVAILABLE, new UserSettings(node).availabilityProperty().get());
        node.put("presence.availability", "no such thing");
        assertEquals(Availability.AVAILABLE, new UserSettings(node).availabilityProperty().get());
    }
}
