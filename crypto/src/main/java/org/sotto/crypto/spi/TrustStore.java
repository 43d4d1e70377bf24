package org.sotto.crypto.spi;

import java.util.List;
import java.util.Optional;

import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.TrustRecord;

/** Trust decisions per device; version-neutral, since a device has one identity in both versions. */
public interface TrustStore {
    Optional<TrustRecord> loadTrust(DeviceAddress device);

    List<TrustRecord> loadTrust(String bareJid);

    void storeTrust(TrustRecord record);

    void removeTrust(DeviceAddress device);
}
