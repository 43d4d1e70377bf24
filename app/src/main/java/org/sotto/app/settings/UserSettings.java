package org.sotto.app.settings;

import java.util.List;
import java.util.prefs.Preferences;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;

import org.sotto.core.api.contacts.Availability;

/**
 * The window's preferences that are not secret: notifications, privacy, auto-lock, font size and the availability shown
 * to contacts. Each is a JavaFX property kept in a {@code java.util.prefs} node (the user's, as {@code Theme} keeps the
 * theme); a change is written at once. {@link #global()} is the one the app uses; tests make their own on a node of their own.
 */
public final class UserSettings {
    public static final int DEFAULT_FONT_SIZE = 14;
    public static final int MIN_FONT_SIZE = 10;
    public static final int MAX_FONT_SIZE = 24;
    /** Received files up to this many MiB are downloaded without asking (core's own default). */
    public static final int DEFAULT_AUTO_DOWNLOAD_MIB = 10;
    public static final int MAX_AUTO_DOWNLOAD_MIB = 1024;
    /** The availabilities the window offers, the default first. */
    public static final List<Availability> AVAILABILITIES =
            List.of(Availability.AVAILABLE, Availability.AWAY, Availability.DO_NOT_DISTURB);
    private static UserSettings global;

    private final BooleanProperty notifications;
    private final BooleanProperty showSender;
    private final BooleanProperty showText;
    private final BooleanProperty doNotDisturb;
    private final BooleanProperty sendTyping;
    private final BooleanProperty sendReadMarkers;
    private final IntegerProperty autoLockMinutes;
    private final IntegerProperty fontSize;
    private final IntegerProperty autoDownloadMiB;
    private final ObjectProperty<Availability> availability;

    public UserSettings(Preferences node) {
        notifications = flag(node, "notifications", true);
        showSender = flag(node, "notifications.sender", true);
        showText = flag(node, "notifications.text", false);
        doNotDisturb = flag(node, "notifications.doNotDisturb", false);
        sendTyping = flag(node, "privacy.typing", true);
        sendReadMarkers = flag(node, "privacy.readMarkers", true);
        autoLockMinutes = number(node, "lock.idleMinutes", 0, 0, 24 * 60);
        fontSize = number(node, "appearance.fontSize", DEFAULT_FONT_SIZE, MIN_FONT_SIZE, MAX_FONT_SIZE);
        autoDownloadMiB = number(node, "files.autoDownloadMiB", DEFAULT_AUTO_DOWNLOAD_MIB, 0, MAX_AUTO_DOWNLOAD_MIB);
        availability = choice(node, "presence.availability", AVAILABILITIES);
    }

    /** The user's settings (their Java preferences). */
    public static synchronized UserSettings global() {
        if (global == null) {
            global = new UserSettings(Preferences.userNodeForPackage(UserSettings.class));
        }
        return global;
    }

    private static BooleanProperty flag(Preferences node, String key, boolean initial) {
        BooleanProperty property = new SimpleBooleanProperty(node.getBoolean(key, initial));
        property.addListener((obs, old, next) -> node.putBoolean(key, next));
        return property;
    }

    /** One of {@code choices} (the first unless another was kept); a value outside them is not stored. */
    private static <E extends Enum<E>> ObjectProperty<E> choice(Preferences node, String key, List<E> choices) {
        String kept = node.get(key, choices.get(0).name());
        ObjectProperty<E> property = new SimpleObjectProperty<>(choices.stream()
                .filter(c -> c.name().equals(kept)).findFirst().orElse(choices.get(0)));
        property.addListener((obs, old, next) -> {
            if (!choices.contains(next)) {
                property.set(old);
            } else {
                node.put(key, next.name());
            }
        });
        return property;
    }

    private static IntegerProperty number(Preferences node, String key, int initial, int min, int max) {
        int kept = node.getInt(key, initial);
        IntegerProperty property = new SimpleIntegerProperty(kept < min || kept > max ? initial : kept);
        property.addListener((obs, old, next) -> {
            int value = Math.max(min, Math.min(max, next.intValue()));
            if (value != next.intValue()) {
                property.set(value);
            } else {
                node.putInt(key, value);
            }
        });
        return property;
    }

    /** Desktop notifications at all. */
    public BooleanProperty notificationsProperty() {
        return notifications;
    }

    /** Whether a notification names the sender (else "New message"). */
    public BooleanProperty showSenderProperty() {
        return showSender;
    }

    /** Whether a notification carries the message's text (off unless the user turns it on). */
    public BooleanProperty showTextProperty() {
        return showText;
    }

    /** Do not disturb: no notification at all until it is turned off. */
    public BooleanProperty doNotDisturbProperty() {
        return doNotDisturb;
    }

    /** Whether the user's typing is sent to contacts (XEP-0085). */
    public BooleanProperty sendTypingProperty() {
        return sendTyping;
    }

    /** Whether contacts learn when the user has read their messages (XEP-0333 displayed markers). */
    public BooleanProperty sendReadMarkersProperty() {
        return sendReadMarkers;
    }

    /** Minutes without input in the window before it locks; 0: never. */
    public IntegerProperty autoLockMinutesProperty() {
        return autoLockMinutes;
    }

    /** The window's base font size in pixels. */
    public IntegerProperty fontSizeProperty() {
        return fontSize;
    }

    /**
     * The availability the user shows contacts on every account ({@link #AVAILABILITIES}); being offline is not one
     * (the account's switch in the settings is).
     */
    public ObjectProperty<Availability> availabilityProperty() {
        return availability;
    }

    /** Received files up to this many MiB (of plaintext) are downloaded without asking; 0: none. */
    public IntegerProperty autoDownloadMiBProperty() {
        return autoDownloadMiB;
    }
}
