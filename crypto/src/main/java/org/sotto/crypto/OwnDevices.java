package org.sotto.crypto;

import java.util.Collection;

import org.sotto.crypto.spi.OwnIdentity;
import org.sotto.crypto.spi.OwnIdentityStore;

/** Creates this device's identity and id once per account, shared by both OMEMO versions. */
public final class OwnDevices {
    private OwnDevices() {
    }

    /**
     * The stored identity, or a new one with a device id none of {@code takenDeviceIds} (the account's device
     * lists) uses.
     */
    public static OwnIdentity loadOrCreate(OwnIdentityStore store, Collection<Integer> takenDeviceIds) {
        return store.loadOwnIdentity().orElseGet(() -> {
            OwnIdentity created = new OwnIdentity(DeviceIds.generate(takenDeviceIds), DeviceIdentity.generate().seed());
            store.storeOwnIdentity(created);
            return created;
        });
    }
}
