package org.sotto.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.sotto.crypto.spi.PreKeyPair;
import org.sotto.crypto.spi.SignedPreKeyPair;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;
import org.sotto.testkit.TestClock;

class PreKeyMaintenanceTest {
    private final InMemoryOmemoStore store = new InMemoryOmemoStore();
    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final PreKeyMaintenance maintenance = new PreKeyMaintenance(OmemoVersion.V0_3, store, store, clock,
            PreKeyMaintenance.Policy.defaults(OmemoVersion.V0_3), key -> new byte[64]);

    @Test
    void startsWithOneHundredDistinctPreKeysAndASignedPreKey() {
        assertTrue(maintenance.maintain());
        assertEquals(100, maintenance.preKeys().size());
        Set<Integer> ids = new HashSet<>();
        maintenance.preKeys().forEach(k -> ids.add(k.id()));
        assertEquals(100, ids.size());
        assertEquals(clock.instant(), maintenance.currentSignedPreKey().createdAt());
        assertFalse(maintenance.maintain(), "nothing to do right after");
        assertTrue(store.loadPreKeys(OmemoVersion.V2).isEmpty(), "each version has its own keys");
    }

    @Test
    void refillsToOneHundredOnlyBelowTheSpecMinimum() {
        maintenance.maintain();
        var keys = maintenance.preKeys();
        for (int i = 0; i < 80; i++) {
            store.removePreKey(OmemoVersion.V0_3, keys.get(i).id());
        }
        assertFalse(maintenance.maintain(), "20 left is the OMEMO 0.3 minimum: no refill yet");
        assertEquals(20, store.loadPreKeys(OmemoVersion.V0_3).size());
        store.removePreKey(OmemoVersion.V0_3, keys.get(80).id());
        assertTrue(maintenance.maintain());
        assertEquals(100, store.loadPreKeys(OmemoVersion.V0_3).size());
        for (int i = 81; i < 100; i++) {
            PreKeyPair kept = keys.get(i);
            assertTrue(store.loadPreKey(OmemoVersion.V0_3, kept.id()).isPresent(), "unused prekeys stay");
        }
    }

    @Test
    void rotatesWeeklyAndKeepsTheOldSignedPreKeyForTheGracePeriod() {
        maintenance.maintain();
        SignedPreKeyPair first = maintenance.currentSignedPreKey();
        clock.advance(Duration.ofDays(6));
        assertFalse(maintenance.maintain());
        clock.advance(Duration.ofDays(1));
        assertTrue(maintenance.maintain());
        SignedPreKeyPair second = maintenance.currentSignedPreKey();
        assertNotEquals(first.id(), second.id());
        assertTrue(store.loadSignedPreKey(OmemoVersion.V0_3, first.id()).isPresent(), "kept for delayed messages");

        clock.set(second.createdAt().plus(Duration.ofDays(29)));
        maintenance.maintain(); // rotates again (a third key), the first is still within its grace
        assertTrue(store.loadSignedPreKey(OmemoVersion.V0_3, first.id()).isPresent());
        clock.set(second.createdAt().plus(Duration.ofDays(30)));
        maintenance.maintain();
        assertTrue(store.loadSignedPreKey(OmemoVersion.V0_3, first.id()).isEmpty(), "dropped after the grace period");
        assertTrue(store.loadSignedPreKey(OmemoVersion.V0_3, second.id()).isPresent());
    }
}
