package org.sotto.app.ui;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.types.Variant;

/**
 * The desktop's light or dark preference from the XDG desktop portal ({@code org.freedesktop.appearance}
 * {@code color-scheme}: 1 dark, 2 light, 0 no preference) on the session bus, followed through its
 * {@code SettingChanged} signal. Without a session bus or a portal it says light, quietly: the portal is optional.
 */
public final class SystemColorScheme implements AutoCloseable {
    private final DBusConnection connection;

    private SystemColorScheme(DBusConnection connection) {
        this.connection = connection;
    }

    /**
     * Connects to the bus at {@code busAddress} (the session bus when empty), reports the current scheme and every
     * change to {@code changes} (on dbus-java's threads). Blocks while it connects, so call it off the JavaFX thread.
     * Empty, after reporting {@link Theme#LIGHT}, when there is no bus or no portal.
     */
    public static Optional<SystemColorScheme> follow(Optional<String> busAddress, Consumer<Theme> changes) {
        DBusConnection connection = null;
        try {
            connection = (busAddress.isPresent() ? DBusConnectionBuilder.forAddress(busAddress.get())
                    : DBusConnectionBuilder.forSessionBus()).withShared(false).build();
            PortalSettings settings = connection.getRemoteObject(PortalSettings.BUS_NAME, PortalSettings.OBJECT_PATH,
                    PortalSettings.class);
            connection.addSigHandler(PortalSettings.SettingChanged.class, signal -> {
                if (PortalSettings.APPEARANCE.equals(signal.namespace())
                        && PortalSettings.COLOR_SCHEME.equals(signal.key())) {
                    changes.accept(theme(signal.value()));
                }
            });
            changes.accept(theme(read(settings)));
            return Optional.of(new SystemColorScheme(connection));
        } catch (DBusException | RuntimeException e) {
            // no session bus, no portal, or a portal without the appearance settings: light, as without a desktop
            closeQuietly(connection);
            changes.accept(Theme.LIGHT);
            return Optional.empty();
        }
    }

    private static Variant<?> read(PortalSettings settings) {
        try {
            return settings.ReadOne(PortalSettings.APPEARANCE, PortalSettings.COLOR_SCHEME);
        } catch (DBusExecutionException e) {
            return settings.Read(PortalSettings.APPEARANCE, PortalSettings.COLOR_SCHEME); // a portal before version 2
        }
    }

    /** 1 is dark; 2 (light), 0 (no preference) and anything else are light. */
    static Theme theme(Object value) {
        Object inner = value;
        while (inner instanceof Variant<?> variant) { // Read wraps the value twice
            inner = variant.getValue();
        }
        return inner instanceof Number number && number.longValue() == 1 ? Theme.DARK : Theme.LIGHT;
    }

    private static void closeQuietly(DBusConnection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException | RuntimeException e) {
                // closing a connection that failed: nothing left to do
            }
        }
    }

    /** Stops following. */
    @Override
    public void close() {
        closeQuietly(connection);
    }
}
