package org.sotto.app.notify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.logging.Logger;

import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

import org.sotto.app.WindowIcons;
import org.sotto.app.ui.Strings;

/**
 * Notifications through the desktop's {@code org.freedesktop.Notifications} service on the session bus: one per tag
 * (a chat, a request), replaced in place through {@code replaces_id}, an "Open" action whose {@code ActionInvoked}
 * reports the tag. Calls go out on a thread of their own, never the caller's (D-Bus calls block).
 */
public final class DesktopNotifications implements NotificationSink {
    private static final Logger LOG = Logger.getLogger(DesktopNotifications.class.getName());
    static final String APP_NAME = "Sotto";
    static final String OPEN = "default";
    /** The session bus to reach the service on; empty: the user's (tests start a bus of their own). */
    public static volatile Optional<String> busAddress = Optional.empty();

    private final DBusConnection connection;
    private final FreedesktopNotifications service;
    private final String icon;
    private final Map<String, UInt32> shown = new ConcurrentHashMap<>();
    private final ExecutorService calls = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sotto-notifications");
        thread.setDaemon(true);
        return thread;
    });

    private DesktopNotifications(DBusConnection connection, FreedesktopNotifications service, String icon) {
        this.connection = connection;
        this.service = service;
        this.icon = icon;
    }

    /**
     * Connects to the bus at {@code busAddress} (the session bus when empty); {@code opened} gets the tag of a
     * notification the user clicked (on dbus-java's thread). Without a bus the sink shows nothing, with one log
     * line. Blocks while it connects: call it off the JavaFX thread. A bus without the service is found out at the
     * first notification, also with one log line.
     */
    public static NotificationSink connect(Optional<String> busAddress, Consumer<String> opened) {
        DBusConnection connection = null;
        try {
            connection = (busAddress.isPresent() ? DBusConnectionBuilder.forAddress(busAddress.get())
                    : DBusConnectionBuilder.forSessionBus()).withShared(false).build();
            FreedesktopNotifications service = connection.getRemoteObject(FreedesktopNotifications.BUS_NAME,
                    FreedesktopNotifications.OBJECT_PATH, FreedesktopNotifications.class);
            DesktopNotifications sink = new DesktopNotifications(connection, service, iconFile());
            connection.addSigHandler(FreedesktopNotifications.ActionInvoked.class, signal -> {
                sink.tagOf(signal.id()).ifPresent(opened);
            });
            connection.addSigHandler(FreedesktopNotifications.NotificationClosed.class,
                    signal -> sink.shown.values().remove(signal.id()));
            return sink;
        } catch (DBusException | RuntimeException e) {
            LOG.info("No desktop notifications: no session bus (" + e.getMessage() + ")");
            if (connection != null) {
                try {
                    connection.close();
                } catch (IOException | RuntimeException closing) {
                    // it never worked: nothing to close
                }
            }
            return NONE;
        }
    }

    private Optional<String> tagOf(UInt32 id) {
        return shown.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey).findFirst();
    }

    @Override
    public void show(String tag, String summary, String body, Optional<NotificationPicture> picture,
                     boolean openable) {
        calls.execute(() -> {
            try {
                UInt32 replaces = shown.getOrDefault(tag, new UInt32(0));
                List<String> actions = openable ? List.of(OPEN, Strings.get("notify.open"))
                        : List.of();
                Map<String, Variant<?>> hints = new HashMap<>();
                hints.put("desktop-entry", new Variant<>("org.sotto.Sotto"));
                hints.put("category", new Variant<>("im.received"));
                picture.ifPresent(p -> hints.put("image-data", new Variant<>(new FreedesktopNotifications.ImageData(
                        p.width(), p.height(), p.rowstride(), true, 8, 4, p.rgba()))));
                UInt32 id = service.Notify(APP_NAME, replaces, icon, summary, body, actions, hints, -1);
                shown.put(tag, id);
            } catch (RuntimeException e) {
                failedOnce(e);
            }
        });
    }

    @Override
    public void close(String tag) {
        calls.execute(() -> {
            UInt32 id = shown.remove(tag);
            if (id != null) {
                try {
                    service.CloseNotification(id);
                } catch (RuntimeException e) {
                    failedOnce(e);
                }
            }
        });
    }

    private volatile boolean said;

    private void failedOnce(RuntimeException e) {
        if (!said) {
            said = true;
            LOG.info("Desktop notifications are not available: " + e.getMessage());
        }
    }

    /** The logo as a file, since the service takes a path or a themed icon name. Empty when it cannot be written. */
    private static String iconFile() {
        try (InputStream in = WindowIcons.class.getResourceAsStream("icons/sotto-128.png")) {
            if (in == null) {
                return "";
            }
            Path file = Files.createTempFile("sotto-icon", ".png");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file.toUri().toString();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        calls.shutdown();
        try {
            connection.close();
        } catch (IOException | RuntimeException e) {
            // going away anyway
        }
    }
}
