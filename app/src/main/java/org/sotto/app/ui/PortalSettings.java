package org.sotto.app.ui;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.Variant;

/** The part of the XDG desktop portal's {@code org.freedesktop.portal.Settings} that the theme reads. */
@DBusInterfaceName(PortalSettings.INTERFACE)
public interface PortalSettings extends DBusInterface {
    String INTERFACE = "org.freedesktop.portal.Settings";
    String BUS_NAME = "org.freedesktop.portal.Desktop";
    String OBJECT_PATH = "/org/freedesktop/portal/desktop";
    String APPEARANCE = "org.freedesktop.appearance";
    String COLOR_SCHEME = "color-scheme";

    /** Portal version 2 and later: the value itself in a variant. */
    Variant<?> ReadOne(String namespace, String key);

    /** Every portal version (deprecated since 2): the value in a variant in a variant. */
    Variant<?> Read(String namespace, String key);

    /** A setting changed. */
    class SettingChanged extends DBusSignal {
        private final String namespace;
        private final String key;
        private final Variant<?> value;

        public SettingChanged(String path, String namespace, String key, Variant<?> value) throws DBusException {
            super(path, namespace, key, value);
            this.namespace = namespace;
            this.key = key;
            this.value = value;
        }

        public String namespace() {
            return namespace;
        }

        public String key() {
            return key;
        }

        public Variant<?> value() {
            return value;
        }
    }
}
