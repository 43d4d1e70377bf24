package org.sotto.crypto.omemo2;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sotto.crypto.Bundle;
import org.sotto.crypto.EncryptedKey;

/**
 * Property: random interleavings of sends and receives across 3 Sotto devices ({@link Omemo2Protocol} on in-memory
 * stores) and 3 python-twomemo devices stay
 * decryptable. Every message goes to all devices of the other side and to the sender's own other devices;
 * delivery picks a random queued message, so messages arrive out of order and key exchanges repeat.
 */
class Omemo2InterleavingTest {
    private static TwomemoPeer python;

    @BeforeAll
    static void startPython() throws Exception {
        python = new TwomemoPeer();
    }

    @AfterAll
    static void stopPython() throws Exception {
        python.close();
    }

    private record Envelope(int from, int to, byte[] key, boolean kex, byte[] payload, String text) {
    }

    @Test
    void randomInterleavingsStayDecryptable() throws Exception {
        for (long seed = 1; seed <= 2; seed++) {
            run(new Random(seed), seed);
        }
    }

    private void run(Random random, long seed) throws Exception {
        Map<Integer, JavaDevice> java = new LinkedHashMap<>();
        List<Integer> pythonIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JavaDevice device = new JavaDevice((int) (seed * 100 + i + 1));
            java.put(device.id, device);
            int pythonId = (int) (seed * 100 + 50 + i);
            pythonIds.add(pythonId);
            python.create(name(pythonId));
        }
        List<Integer> all = new ArrayList<>(java.keySet());
        all.addAll(pythonIds);
        List<Envelope> inFlight = new ArrayList<>();
        Map<Integer, Boolean> hasSession = new HashMap<>();
        int sent = 0;
        int delivered = 0;
        int keyExchanges = 0;

        // sessions are started in one direction first (low id to high id), each from a freshly fetched bundle and
        // delivered at once: two simultaneous key exchanges between the same devices, or two senders picking the
        // same one-time prekey, break sessions in any OMEMO implementation (XEP-0384 "Business Rules")
        for (int from : all) {
            for (int to : all) {
                if (from < to) {
                    Bundle bundle = java.containsKey(to) ? java.get(to).bundle() : python.bundle(name(to));
                    Envelope hello = send(java, from, to, "hello " + from + ">" + to, bundle);
                    assertArrayEquals(hello.text().getBytes(UTF_8), receive(java, hello));
                    hasSession.put(from * 10_000 + to, true);
                    hasSession.put(to * 10_000 + from, true);
                    sent++;
                    delivered++;
                }
            }
        }
        for (int step = 0; step < 120; step++) {
            if (!inFlight.isEmpty() && (random.nextInt(3) > 0 || step > 100)) {
                Envelope e = inFlight.remove(random.nextInt(inFlight.size()));
                keyExchanges += e.kex() ? 1 : 0;
                byte[] got = receive(java, e);
                assertArrayEquals(e.text() == null ? null : e.text().getBytes(UTF_8), got,
                        "seed " + seed + ": " + e.from() + " -> " + e.to());
                hasSession.put(e.to() * 10_000 + e.from(), true);
                delivered++;
            } else {
                int from = all.get(random.nextInt(all.size()));
                String text = random.nextInt(5) == 0 ? null : "m" + step + " from " + from;
                for (int to : all) {
                    // a device only sends once it has a session: the bootstrap or a received key exchange
                    if (to != from && hasSession.getOrDefault(from * 10_000 + to, false)) {
                        inFlight.add(send(java, from, to, text, null));
                        sent++;
                    }
                }
            }
        }
        while (!inFlight.isEmpty()) {
            Envelope e = inFlight.remove(random.nextInt(inFlight.size()));
            assertArrayEquals(e.text() == null ? null : e.text().getBytes(UTF_8), receive(java, e));
            delivered++;
        }
        assertEquals(sent, delivered);
        assertTrue(sent > 100, "the run exchanged enough messages to mean something: " + sent);
        assertTrue(keyExchanges > 0, "repeated key exchanges arrived out of order too");
    }

    private static String name(int id) {
        return "il" + id;
    }

    private static Envelope send(Map<Integer, JavaDevice> java, int from, int to, String text, Bundle bundle)
            throws Exception {
        byte[] plaintext = text == null ? null : text.getBytes(UTF_8);
        JavaDevice device = java.get(from);
        if (device != null) {
            JavaDevice.Message m = device.send(to, plaintext, bundle);
            return new Envelope(from, to, m.key().data(), m.key().preKey(), m.payload(), text);
        }
        TwomemoPeer.Sent m = python.encrypt(name(from), to, plaintext, bundle);
        return new Envelope(from, to, m.key(), m.kex(), m.payload(), text);
    }

    private static byte[] receive(Map<Integer, JavaDevice> java, Envelope e) throws Exception {
        JavaDevice device = java.get(e.to());
        if (device != null) {
            return device.receive(e.from(), e.key(), e.kex(), e.payload());
        }
        TwomemoPeer.Received got = python.decrypt(name(e.to()), e.from(),
                new EncryptedKey(e.to(), e.key(), e.kex()), e.payload());
        assertTrue(got.ok(), () -> "python " + e.to() + " failed on a message from " + e.from() + ": " + got.error()
                + "/" + got.cause());
        return got.plaintext();
    }
}
