package org.sotto.crypto.spi.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.OwnDevices;
import org.sotto.crypto.spi.OwnIdentity;

class InMemoryOmemoStoreTest {
    private final InMemoryOmemoStore store = new InMemoryOmemoStore();
    private final DeviceAddress bob1 = new DeviceAddress("bob@x.test", 1);
    private final DeviceAddress bob2 = new DeviceAddress("bob@x.test", 2);

    @Test
    void sessionsAreKeptPerVersionAndCopied() {
        byte[] session = {1, 2, 3};
        store.storeSession(bob1, OmemoVersion.V0_3, session);
        session[0] = 9;
        store.loadSession(bob1, OmemoVersion.V0_3).orElseThrow()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, store.loadSession(bob1, OmemoVersion.V0_3).orElseThrow());
        assertTrue(store.loadSession(bob1, OmemoVersion.V2).isEmpty());
        store.storeSession(bob2, OmemoVersion.V0_3, new byte[] {4});
        store.storeSession(new DeviceAddress("carol@x.test", 3), OmemoVersion.V0_3, new byte[] {5});
        assertEquals(List.of(bob1, bob2), store.sessionDevices("bob@x.test", OmemoVersion.V0_3));
        store.deleteSession(bob1, OmemoVersion.V0_3);
        assertEquals(List.of(bob2), store.sessionDevices("bob@x.test", OmemoVersion.V0_3));
    }

    @Test
    void theOwnIdentityIsCreatedOnceWithAnIdNotTaken() {
        OwnIdentity created = OwnDevices.loadOrCreate(store, Set.of(1, 2, 3));
        assertTrue(created.deviceId() > 0);
        assertFalse(Set.of(1, 2, 3).contains(created.deviceId()));
        OwnIdentity again = OwnDevices.loadOrCreate(store, Set.of());
        assertEquals(created.deviceId(), again.deviceId());
        assertArrayEquals(created.identitySeed(), again.identitySeed());
        assertFalse(created.toString().contains("seed"), "the seed never appears in logs");
    }
}
