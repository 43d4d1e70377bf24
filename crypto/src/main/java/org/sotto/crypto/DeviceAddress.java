package org.sotto.crypto;

/** One OMEMO device: the bare JID of its account and its device id (1 .. 2^31-1). */
public record DeviceAddress(String bareJid, int deviceId) {

    public DeviceAddress {
        if (bareJid == null || bareJid.isBlank() || bareJid.indexOf('/') >= 0) {
            throw new IllegalArgumentException("a device address needs a bare JID, got \"" + bareJid + "\"");
        }
        DeviceIds.requireValid(deviceId);
    }

    @Override
    public String toString() {
        return bareJid + "#" + deviceId;
    }
}
