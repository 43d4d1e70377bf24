package org.sotto.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class DeviceIdsTest {

    /** A Random that returns the given ints, then fails. */
    private static Random scripted(int... values) {
        return new Random() {
            private int next;

            @Override
            public int nextInt() {
                return values[next++];
            }
        };
    }

    @Test
    void skipsZeroTakenIdsAndTheSignBit() {
        assertEquals(5, DeviceIds.generate(Set.of(7), scripted(0, 7, 5)));
        assertEquals(Integer.MAX_VALUE, DeviceIds.generate(Set.of(), scripted(-1)));
        assertEquals(3, DeviceIds.generate(Set.of(), scripted(0x80000000, 3)));
    }

    @Test
    void generatedIdsAreValidAndAvoidTheTakenOnes() {
        Set<Integer> taken = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            int id = DeviceIds.generate(taken);
            assertTrue(DeviceIds.isValid(id));
            assertFalse(taken.contains(id));
            taken.add(id);
        }
    }

    @Test
    void addressesRefuseInvalidIdsAndFullJids() {
        assertThrows(IllegalArgumentException.class, () -> new DeviceAddress("a@b", 0));
        assertThrows(IllegalArgumentException.class, () -> new DeviceAddress("a@b", -4));
        assertThrows(IllegalArgumentException.class, () -> new DeviceAddress("a@b/phone", 4));
        assertThrows(IllegalArgumentException.class, () -> new DeviceAddress(" ", 4));
        assertEquals(OmemoVersion.V2, OmemoVersion.ofNamespace("urn:xmpp:omemo:2"));
        assertEquals(OmemoVersion.V0_3, OmemoVersion.ofNamespace("eu.siacs.conversations.axolotl"));
        assertThrows(IllegalArgumentException.class, () -> OmemoVersion.ofNamespace("urn:xmpp:omemo:1"));
    }
}
