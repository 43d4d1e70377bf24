package org.sotto.crypto.spi;

import java.util.List;
import java.util.Optional;

import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.OmemoVersion;

/**
 * Per-device sessions as opaque bytes (each version serialises its own state). A store must write a session
 * atomically; the crypto module writes only after an operation succeeded, so a failure leaves the old bytes.
 */
public interface SessionStore {
    Optional<byte[]> loadSession(DeviceAddress device, OmemoVersion version);

    void storeSession(DeviceAddress device, OmemoVersion version, byte[] session);

    void deleteSession(DeviceAddress device, OmemoVersion version);

    /** The devices of one account we have a session with in this version. */
    List<DeviceAddress> sessionDevices(String bareJid, OmemoVersion version);
}
