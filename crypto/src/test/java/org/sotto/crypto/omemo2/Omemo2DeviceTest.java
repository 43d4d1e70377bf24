package org.sotto.crypto.omemo2;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sotto.crypto.omemo2.proto.Omemo2Protos.OMEMOAuthenticatedMessage;
import org.sotto.crypto.omemo2.proto.Omemo2Protos.OMEMOKeyExchange;
import org.sotto.crypto.omemo2.proto.Omemo2Protos.OMEMOMessage;

import com.google.protobuf.ByteString;

/**
 * Bundle housekeeping, persistence and every kind of malformed input, between Sotto devices (the interop tests
 * prove the protocol against python-twomemo; these prove the bookkeeping and the failure paths).
 */
class Omemo2DeviceTest {
    private final MutableClock clock = new MutableClock();

    /** The bundle reduced to one chosen prekey, so a test decides which prekey a key exchange uses. */
    private static Omemo2Bundle withOnlyPreKey(Omemo2Bundle bundle, int id) {
        return new Omemo2Bundle(bundle.identityKey(), bundle.signedPreKeyId(), bundle.signedPreKey(),
                bundle.signedPreKeySignature(), Map.of(id, bundle.preKeys().get(id)));
    }

    @Test
    void aNewDevicePublishesAVerifiableBundleWith100PreKeys() throws Exception {
        Omemo2Identity identity = Omemo2Identity.generate();
        Omemo2Bundle bundle = Omemo2Device.create(identity, clock).bundle();
        assertEquals(100, bundle.preKeys().size());
        assertArrayEquals(identity.publicKey(), bundle.identityKey());
        assertTrue(Curve25519.verify(bundle.signedPreKeySignature(), bundle.identityKey(), bundle.signedPreKey()));
        assertTrue(bundle.preKeys().keySet().stream().allMatch(id -> id >= 1));
        assertEquals(1, bundle.signedPreKeyId());
    }

    @Test
    void theIdentityKeysMontgomeryFormIsTheX25519KeyOfTheSameScalar() throws Exception {
        Omemo2Identity identity = Omemo2Identity.generate();
        assertArrayEquals(identity.curve25519PublicKey(), Curve25519.ed25519ToX25519(identity.publicKey()));
        byte[] edwards = Curve25519.x25519ToEd25519(identity.curve25519PublicKey());
        edwards[31] |= (byte) (identity.publicKey()[31] & 0x80); // the Montgomery form drops the sign of x
        assertArrayEquals(identity.publicKey(), edwards);
    }

    @Test
    void signedPreKeysRotateWeeklyAndTheOldOneServesForAnotherWeek() throws Exception {
        JavaDevice alice = new JavaDevice(1, clock);
        JavaDevice bob = new JavaDevice(2, clock);
        Omemo2Bundle before = bob.bundle();
        JavaDevice.Message early = alice.send(2, "made with spk 1".getBytes(UTF_8), withOnlyPreKey(before, 7));

        Omemo2Device device = bob.device();
        clock.advance(Duration.ofDays(6));
        assertFalse(device.maintain(), "not due yet");
        clock.advance(Duration.ofDays(1));
        assertTrue(device.maintain());
        bob.save(device);
        Omemo2Bundle rotated = bob.bundle();
        assertEquals(2, rotated.signedPreKeyId());
        assertFalse(Arrays.equals(before.signedPreKey(), rotated.signedPreKey()));
        assertEquals(before.preKeys().keySet(), rotated.preKeys().keySet(), "rotation keeps the prekeys");

        // within the grace period a key exchange made with the old signed prekey still works
        assertArrayEquals("made with spk 1".getBytes(UTF_8), bob.receive(1, early.key().data(), true, early.payload()));

        JavaDevice carol = new JavaDevice(3, clock);
        JavaDevice.Message late = carol.send(2, "too late".getBytes(UTF_8), withOnlyPreKey(before, 8));
        clock.advance(Duration.ofDays(7));
        device = bob.device();
        assertTrue(device.maintain());
        bob.save(device);
        assertEquals(3, bob.bundle().signedPreKeyId());
        Omemo2Exception.UnknownPreKey gone = assertThrows(Omemo2Exception.UnknownPreKey.class,
                () -> bob.receive(3, late.key().data(), true, late.payload()));
        assertTrue(gone.getMessage().contains("signed prekey 1"), gone.getMessage());
    }

    @Test
    void usedPreKeysAreDeletedAndRefilledTo100WhenFewerThan25Remain() throws Exception {
        JavaDevice bob = new JavaDevice(2, clock);
        Omemo2Bundle bundle = bob.bundle();
        int sender = 100;
        for (int id : bundle.preKeys().keySet()) {
            if (bob.bundle().preKeys().size() == Omemo2Device.PRE_KEY_MINIMUM) {
                break;
            }
            JavaDevice alice = new JavaDevice(++sender, clock);
            JavaDevice.Message m = alice.send(2, null, withOnlyPreKey(bundle, id));
            JavaDevice.Received received = bob.receiveFull(sender, m.key().data(), true, null);
            assertTrue(received.decrypted().bundleChanged());
            assertFalse(bob.bundle().preKeys().containsKey(id), "prekey " + id + " is deleted once used");
        }
        assertEquals(25, bob.bundle().preKeys().size(), "25 is still enough");

        JavaDevice last = new JavaDevice(++sender, clock);
        int id = bob.bundle().preKeys().keySet().iterator().next();
        JavaDevice.Message m = last.send(2, null, withOnlyPreKey(bob.bundle(), id));
        bob.receive(sender, m.key().data(), true, null);
        Omemo2Bundle refilled = bob.bundle();
        assertEquals(100, refilled.preKeys().size());
        assertFalse(refilled.preKeys().containsKey(id));
        assertEquals(76, refilled.preKeys().keySet().stream().filter(k -> k > 100).count(),
                "the 76 new prekeys get ids never used before");
    }

    @Test
    void deviceAndSessionStateSurviveSerialisation() throws Exception {
        JavaDevice alice = new JavaDevice(1, clock);
        JavaDevice bob = new JavaDevice(2, clock);
        JavaDevice.Message m = alice.send(2, "one".getBytes(UTF_8), bob.bundle());
        bob.receive(1, m.key().data(), true, m.payload());
        Omemo2Device device = bob.device();
        assertArrayEquals(device.toBytes(), Omemo2Device.fromBytes(device.identity(), device.toBytes(), clock).toBytes());
        byte[] session = bob.sessions.get(1);
        assertArrayEquals(session, Omemo2Session.fromBytes(session).toBytes());
        assertEquals(99, device.preKeyCount());
    }

    @Test
    void malformedKeyElementsAreTypedAndChangeNothing() throws Exception {
        JavaDevice alice = new JavaDevice(1, clock);
        JavaDevice bob = new JavaDevice(2, clock);
        JavaDevice.Message m = alice.send(2, "x".getBytes(UTF_8), bob.bundle());
        byte[] data = m.key().data();
        byte[] deviceBefore = bob.device().toBytes();
        OMEMOKeyExchange kex = OMEMOKeyExchange.parseFrom(data);

        assertThrows(Omemo2Exception.Malformed.class,
                () -> bob.receive(1, Arrays.copyOf(data, data.length - 5), true, m.payload()), "truncated");
        assertThrows(Omemo2Exception.Malformed.class, () -> bob.receive(1, new byte[0], true, null), "empty");
        assertThrows(Omemo2Exception.Malformed.class, () -> bob.receive(1, kex.toBuilder()
                .setIk(ByteString.copyFrom(new byte[31])).build().toByteArray(), true, null), "short identity key");
        assertThrows(Omemo2Exception.Malformed.class, () -> bob.receive(1, kex.toBuilder()
                .setEk(ByteString.copyFrom(new byte[33])).build().toByteArray(), true, null), "long ephemeral key");
        assertThrows(Omemo2Exception.UnknownPreKey.class, () -> bob.receive(1, kex.toBuilder().setPkId(100_000)
                .build().toByteArray(), true, null), "unknown prekey");
        assertThrows(Omemo2Exception.UnknownPreKey.class, () -> bob.receive(1, kex.toBuilder().setSpkId(9)
                .build().toByteArray(), true, null), "unknown signed prekey");
        Omemo2Exception.NoSession noSession = assertThrows(Omemo2Exception.NoSession.class,
                () -> bob.receive(1, kex.getMessage().toByteArray(), false, null));
        assertTrue(noSession.getMessage().contains("device 1"), noSession.getMessage());
        assertArrayEquals(deviceBefore, bob.device().toBytes(), "no prekey used, nothing changed");

        assertArrayEquals("x".getBytes(UTF_8), bob.receive(1, data, true, m.payload()), "the genuine one still works");
    }

    @Test
    void aRatchetKeyOfTheWrongLengthIsTypedAndChangesNothing() throws Exception {
        JavaDevice alice = new JavaDevice(1, clock);
        JavaDevice bob = new JavaDevice(2, clock);
        establish(alice, bob);
        JavaDevice.Message m = alice.send(2, "y".getBytes(UTF_8), null);
        OMEMOAuthenticatedMessage authenticated = OMEMOAuthenticatedMessage.parseFrom(m.key().data());
        OMEMOMessage inner = OMEMOMessage.parseFrom(authenticated.getMessage());
        byte[] shortKey = authenticated.toBuilder().setMessage(inner.toBuilder()
                .setDhPub(inner.getDhPub().substring(0, 31)).build().toByteString()).build().toByteArray();
        byte[] noCiphertext = authenticated.toBuilder().setMessage(inner.toBuilder().clearCiphertext().build()
                .toByteString()).build().toByteArray();
        byte[] before = bob.sessions.get(1);
        assertThrows(Omemo2Exception.Malformed.class, () -> bob.receive(1, shortKey, false, null));
        assertThrows(Omemo2Exception.Malformed.class, () -> bob.receive(1, noCiphertext, false, null));
        assertThrows(Omemo2Exception.Malformed.class, () -> bob.receive(1, new byte[] {0x0a, 0x05, 1}, false, null),
                "truncated OMEMOAuthenticatedMessage");
        assertArrayEquals(before, bob.sessions.get(1));
        assertArrayEquals("y".getBytes(UTF_8), bob.receive(1, m.key().data(), false, m.payload()));
    }

    @Test
    void malformedBundlesAndStoredStateAreTyped() throws Exception {
        Omemo2Bundle good = new JavaDevice(2, clock).bundle();
        Omemo2Device alice = new JavaDevice(1, clock).device();
        assertThrows(Omemo2Exception.Malformed.class, () -> alice.buildSession(2, new Omemo2Bundle(good.identityKey(),
                1, Arrays.copyOf(good.signedPreKey(), 31), good.signedPreKeySignature(), good.preKeys())));
        assertThrows(Omemo2Exception.Malformed.class, () -> alice.buildSession(2, new Omemo2Bundle(
                Arrays.copyOf(good.identityKey(), 33), 1, good.signedPreKey(), good.signedPreKeySignature(),
                good.preKeys())));
        assertThrows(Omemo2Exception.Malformed.class, () -> alice.buildSession(2, new Omemo2Bundle(good.identityKey(),
                1, good.signedPreKey(), good.signedPreKeySignature(), Map.of())), "no one-time prekey");
        assertThrows(Omemo2Exception.BadSignature.class, () -> alice.buildSession(2, new Omemo2Bundle(
                Omemo2Identity.generate().publicKey(), 1, good.signedPreKey(), good.signedPreKeySignature(),
                good.preKeys())), "signed by someone else");
        assertThrows(Omemo2Exception.Malformed.class, () -> Omemo2Session.fromBytes(new byte[] {1, 2, 3}));
        assertThrows(Omemo2Exception.Malformed.class,
                () -> Omemo2Device.fromBytes(Omemo2Identity.generate(), new byte[] {8, 1}, clock));
    }

    @Test
    void payloadKeyMaterialOfTheWrongLengthIsTyped() {
        Omemo2Payload.Encrypted encrypted = Omemo2Payload.encrypt("body".getBytes(UTF_8));
        assertEquals(48, encrypted.keyMaterial().length);
        assertThrows(Omemo2Exception.Malformed.class,
                () -> Omemo2Payload.decrypt(encrypted.ciphertext(), Omemo2Payload.emptyKeyMaterial()));
        assertThrows(Omemo2Exception.Malformed.class,
                () -> Omemo2Payload.decrypt(encrypted.ciphertext(), Arrays.copyOf(encrypted.keyMaterial(), 47)));
        assertThrows(Omemo2Exception.AuthenticationFailed.class,
                () -> Omemo2Payload.decrypt(encrypted.ciphertext(), Omemo2Payload.encrypt(new byte[1]).keyMaterial()));
    }

    /** Both have talked: alice built the session, bob answered, alice received it. */
    private void establish(JavaDevice alice, JavaDevice bob) throws Exception {
        JavaDevice.Message hello = alice.send(bob.id, null, bob.bundle());
        bob.receive(alice.id, hello.key().data(), true, null);
        JavaDevice.Message answer = bob.send(alice.id, null, null);
        alice.receive(bob.id, answer.key().data(), false, null);
    }

    @Test
    void aMessageSkippingMoreThan1000KeysIsRefusedAndChangesNothing() throws Exception {
        JavaDevice alice = new JavaDevice(1, clock);
        JavaDevice bob = new JavaDevice(2, clock);
        establish(alice, bob);
        JavaDevice.Message last = null;
        for (int i = 0; i <= DoubleRatchet.MAX_SKIPPED_PER_MESSAGE + 1; i++) {
            last = alice.send(2, null, null);
        }
        byte[] before = bob.sessions.get(1);
        JavaDevice.Message tooFar = last;
        assertThrows(Omemo2Exception.TooManySkipped.class, () -> bob.receive(1, tooFar.key().data(), false, null));
        assertArrayEquals(before, bob.sessions.get(1));
    }

    @Test
    void theSkippedKeyStoreKeepsTheNewest1000() throws Exception {
        JavaDevice alice = new JavaDevice(1, clock);
        JavaDevice bob = new JavaDevice(2, clock);
        establish(alice, bob);
        Map<Integer, JavaDevice.Message> first = new HashMap<>();
        for (int i = 0; i < 600; i++) {
            first.put(i, alice.send(2, ("a" + i).getBytes(UTF_8), null));
        }
        bob.receive(1, first.get(599).key().data(), false, first.get(599).payload());
        assertEquals(599, bob.session(1).skippedKeyCount());
        JavaDevice.Message answer = bob.send(1, null, null);
        alice.receive(2, answer.key().data(), false, null);
        JavaDevice.Message secondLast = null;
        for (int i = 0; i < 600; i++) {
            secondLast = alice.send(2, null, null);
        }
        bob.receive(1, secondLast.key().data(), false, null);
        assertEquals(1000, bob.session(1).skippedKeyCount(), "599 + 599 skipped, the oldest 198 dropped");

        assertThrows(Omemo2Exception.class, () -> bob.receive(1, first.get(0).key().data(), false, first.get(0).payload()),
                "a dropped key cannot decrypt");
        assertArrayEquals("a198".getBytes(UTF_8), bob.receive(1, first.get(198).key().data(), false,
                first.get(198).payload()), "the oldest kept key still does");
        assertNotEquals(0, bob.session(1).skippedKeyCount());
    }
}
