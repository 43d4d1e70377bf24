package org.sotto.crypto.omemo2;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.sotto.crypto.OmemoException;

/**
 * Property: any corruption of a key element (bit flips, truncation, appended or inserted bytes) is either
 * harmless (protobuf ignores it and the message decrypts to the original) or fails with an
 * {@link OmemoException} — never another exception — and never changes the store (session, prekeys, trust) of
 * {@link Omemo2Protocol}.
 */
class Omemo2MutationTest {
    private static final int MUTATIONS = 400;

    @Test
    void corruptedKeyExchangesFailTypedAndChangeNothing() throws Exception {
        JavaDevice alice = new JavaDevice(1);
        JavaDevice bob = new JavaDevice(2);
        JavaDevice.Message kex = alice.send(2, "kex".getBytes(UTF_8), bob.bundle());
        check(bob, 1, kex, true, new Random(11));
    }

    @Test
    void corruptedMessagesFailTypedAndChangeNothing() throws Exception {
        JavaDevice alice = new JavaDevice(1);
        JavaDevice bob = new JavaDevice(2);
        JavaDevice.Message hello = alice.send(2, null, bob.bundle());
        bob.receive(1, hello.key().data(), true, null);
        JavaDevice.Message answer = bob.send(1, null, null);
        alice.receive(2, answer.key().data(), false, null);
        alice.send(2, null, null); // skip one, so the target message also exercises skipped keys
        JavaDevice.Message message = alice.send(2, "message".getBytes(UTF_8), null);
        check(bob, 1, message, false, new Random(12));
    }

    private static void check(JavaDevice receiver, int sender, JavaDevice.Message original, boolean kex, Random random)
            throws Exception {
        byte[] data = original.key().data();
        List<Integer> peers = List.of(sender);
        String before = receiver.snapshot(peers);
        byte[] genuine = decrypt(receiver.copy(peers), sender, data, kex, original.payload());
        int failures = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            byte[] mutated = mutate(data, random);
            if (Arrays.equals(mutated, data)) {
                continue;
            }
            JavaDevice device = receiver.copy(peers); // a success is written to the store: try each on a copy
            try {
                // harmless: the change hit something the MAC does not cover and protobuf ignores
                assertArrayEquals(genuine, decrypt(device, sender, mutated, kex, original.payload()));
            } catch (OmemoException expected) {
                failures++;
                assertEquals(before, device.snapshot(peers), "mutation " + i + " failed but changed the store");
            } catch (RuntimeException e) {
                fail("mutation " + i + " raised " + e + " instead of an OmemoException", e);
            }
        }
        assertEquals(before, receiver.snapshot(peers));
        assertTrue(failures > MUTATIONS / 2, "most mutations must fail: " + failures);
        assertArrayEquals((kex ? "kex" : "message").getBytes(UTF_8), genuine, "the genuine key element decrypts");
    }

    private static byte[] decrypt(JavaDevice receiver, int sender, byte[] key, boolean kex, byte[] payload)
            throws OmemoException {
        return receiver.receive(sender, key, kex, payload);
    }

    private static byte[] mutate(byte[] data, Random random) {
        byte[] copy = data.clone();
        switch (random.nextInt(5)) {
            case 0 -> copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
            case 1 -> copy = Arrays.copyOf(copy, random.nextInt(copy.length));
            case 2 -> {
                copy = Arrays.copyOf(copy, copy.length + 1 + random.nextInt(8));
                for (int j = data.length; j < copy.length; j++) {
                    copy[j] = (byte) random.nextInt(256);
                }
            }
            case 3 -> {
                int at = random.nextInt(copy.length);
                byte[] longer = new byte[copy.length + 1];
                System.arraycopy(copy, 0, longer, 0, at);
                longer[at] = (byte) random.nextInt(256);
                System.arraycopy(copy, at, longer, at + 1, copy.length - at);
                copy = longer;
            }
            default -> {
                for (int j = 0; j < 1 + random.nextInt(4); j++) {
                    copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
                }
            }
        }
        return copy;
    }
}
