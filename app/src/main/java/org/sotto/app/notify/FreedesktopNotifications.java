package org.sotto.app.notify;

import java.util.List;
import java.util.Map;

import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/** The desktop notification service ({@code org.freedesktop.Notifications}, Desktop Notifications Specification 1.2). */
@DBusInterfaceName(FreedesktopNotifications.INTERFACE)
public interface FreedesktopNotifications extends DBusInterface {
    String INTERFACE = "org.freedesktop.Notifications";
    String BUS_NAME = "org.freedesktop.Notifications";
    String OBJECT_PATH = "/org/freedesktop/Notifications";

    /** Shows a notification, or replaces the one with {@code replacesId} (0: a new one); answers its id. */
    UInt32 Notify(String appName, UInt32 replacesId, String appIcon, String summary, String body, List<String> actions,
                  Map<String, Variant<?>> hints, int expireTimeout);

    /** Takes the notification away. */
    void CloseNotification(UInt32 id);

    /**
     * The {@code image-data} hint: a picture as pixels, {@code (iiibiiay)}: width, height, bytes per row, whether
     * there is alpha, bits per sample, samples per pixel, and the pixels row by row.
     */
    final class ImageData extends Struct {
        @Position(0)
        public final int width;
        @Position(1)
        public final int height;
        @Position(2)
        public final int rowstride;
        @Position(3)
        public final boolean hasAlpha;
        @Position(4)
        public final int bitsPerSample;
        @Position(5)
        public final int channels;
        @Position(6)
        public final byte[] data;

        public ImageData(int width, int height, int rowstride, boolean hasAlpha, int bitsPerSample, int channels,
                         byte[] data) {
            this.width = width;
            this.height = height;
            this.rowstride = rowstride;
            this.hasAlpha = hasAlpha;
            this.bitsPerSample = bitsPerSample;
            this.channels = channels;
            this.data = data;
        }
    }

    /** The user chose an action of a notification ("default": clicked it). */
    class ActionInvoked extends DBusSignal {
        private final UInt32 id;
        private final String actionKey;

        public ActionInvoked(String path, UInt32 id, String actionKey) throws DBusException {
            super(path, id, actionKey);
            this.id = id;
            this.actionKey = actionKey;
        }

        public UInt32 id() {
            return id;
        }

        public String actionKey() {
            return actionKey;
        }
    }

    /** A notification went (expired, dismissed, closed by a call). */
    class NotificationClosed extends DBusSignal {
        private final UInt32 id;
        private final UInt32 reason;

        public NotificationClosed(String path, UInt32 id, UInt32 reason) throws DBusException {
            super(path, id, reason);
            this.id = id;
            this.reason = reason;
        }

        public UInt32 id() {
            return id;
        }

        public UInt32 reason() {
            return reason;
        }
    }
}
