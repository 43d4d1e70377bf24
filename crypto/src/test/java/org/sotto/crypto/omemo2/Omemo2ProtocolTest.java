package org.sotto.crypto.omemo2;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.google.protobuf.ByteString;

import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import org.junit.jupiter.api.Test;

import org.sotto.crypto.AuthenticationFailedException;
import org.sotto.crypto.BadSignatureException;
import org.sotto.crypto.Bundle;
import org.sotto.crypto.DeviceIdentity;
import org.sotto.crypto.DuplicateMessageException;
import org.sotto.crypto.EncryptedPayload;
import org.sotto.crypto.Fingerprint;
import org.sotto.crypto.IdentityChangedException;
import org.sotto.crypto.InvalidKeyLengthException;
import org.sotto.crypto.MalformedMessageException;
import org.sotto.crypto.NoSessionException;
import org.sotto.crypto.OmemoException;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.PayloadEncryption;
import org.sotto.crypto.TooManySkippedMessagesException;
import org.sotto.crypto.TrustLevel;
import org.sotto.crypto.UnknownPreKeyException;
import org.sotto.crypto.omemo2.proto.Omemo2Protos.OMEMOAuthenticatedMessage;
import org.sotto.crypto.omemo2.proto.Omemo2Protos.OMEMOKeyExchange;
import org.sotto.crypto.omemo2.proto.Omemo2Protos.OMEMOMessage;
import org.sotto.crypto.omemo2.proto.Omemo2Protos.SessionState;
import org.sotto.testkit.TestClock;

/**
 * {@link Omemo2Protocol} on the store SPI between Sotto devices: bundle housekeeping through
 * {@link org.sotto.crypto.PreKeyMaintenance}, identity checks, persistence and every kind of malformed input (the
 * interop tests prove the protocol against python-twomemo; these prove the bookkeeping and the failure paths).
 */
class Omemo2ProtocolTest {
    private static final OmemoVersion V = OmemoVersion.V2;
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));

    /** The bundle reduced to one chosen prekey, so a test decides which prekey a key exchange uses. */
    private static Bundle withOnlyPreKey(Bundle bundle, int id) {
        return new Bundle(V, bundle.signedPreKeyId(), bundle.signedPreKey(), bundle.signedPreKeySignature(),
                bundle.identityKey(), bundle.preKeys().stream().filter(k -> k.id() == id).toList());
    }

    private static Set<Integer> ids(Bundle bundle) {
        return bundle.preKeys().stream().map(Bundle.PreKey::id).collect(Collectors.toSet());
    }

    @Test
    void aNewDevicePublishesAVerifiableBundleWith100PreKeys() throws Exception {
        JavaDevice device = new JavaDevice(1, clock);
        Bundle bundle = device.bundle();
        assertEquals(V, bundle.version());
        assertEquals(100, bundle.preKeys().size());
        assertArrayEquals(device.identity().ed25519PublicKey(), bundle.identityKey());
        assertTrue(Curve25519.verify(bundle.signedPreKeySignature(), bundle.identityKey(), bundle.signedPreKey()),
                "plain Ed25519 over the raw 32-byte signed prekey");
        assertTrue(bundle.preKeys().stream().allMatch(k -> k.id() >= 1 && k.publicKey().length == 32));
        assertEquals(32, bundle.signedPreKey().length);
        assertEquals(device.protocol.ownFingerprint(), bundle.identityFingerprint(), "one fingerprint");
    }

    /** The derivation the OMEMO 2 code had before it used DeviceIdentity, computed here with Bouncy Castle. */
    @Test
    void deviceIdentityDerivesTheKeysOmemo2Needs() throws Exception {
        for (int i = 0; i < 20; i++) {
            DeviceIdentity identity = DeviceIdentity.generate();
            byte[] seed = identity.seed();
            byte[] scalar = Arrays.copyOf(MessageDigest.getInstance("SHA-512").digest(seed), 32);
            X25519.clampPrivateKey(scalar);
            assertArrayEquals(scalar, identity.x25519PrivateKey(), "clamped first half of SHA-512(seed)");
            byte[] ed25519 = new byte[32];
            Ed25519.generatePublicKey(seed, 0, ed25519, 0);
            assertArrayEquals(ed25519, identity.ed25519PublicKey(), "RFC 8032 public key of the seed");
            assertArrayEquals(Curve25519.publicKey(scalar), identity.curve25519PublicKey());
            assertArrayEquals(identity.curve25519PublicKey(), Curve25519.ed25519ToX25519(identity.ed25519PublicKey()),
                    "the Montgomery form of the Ed25519 key is the X25519 key of the same scalar");
            byte[] message = ("message " + i).getBytes(UTF_8);
            byte[] signature = new byte[64];
            Ed25519.sign(seed, 0, message, 0, message.length, signature, 0);
            assertArrayEquals(signature, identity.signEd25519(message), "deterministic RFC 8032 signatures");
        }
    }

    @Test
    void signedPreKeysRotateWeeklyAndTheOldOneServesForTheGracePeriod() throws Exception {
        JavaDevice alice = new JavaDevice(1, clock);
        JavaDevice bob = new JavaDevice(2, clock);
        Bundle before = bob.bundle();
        int[] preKeyIds = before.preKeys().stream().mapToInt(Bundle.PreKey::id).toArray();
        JavaDevice.Message early = alice.send(2, "made with the first spk".getBytes(UTF_8),
                withOnlyPreKey(before, preKeyIds[0]));

        clock.advance(Duration.ofDays(6));
        assertFalse(bob.protocol.maintainBundle(), "not due yet");
        clock.advance(Duration.ofDays(1));
        assertTrue(bob.protocol.maintainBundle());
        Bundle rotated = bob.bundle();
        assertNotEquals(before.signedPreKeyId(), rotated.signedPreKeyId());
        assertFalse(Arrays.equals(before.signedPreKey(), rotated.signedPreKey()));
        assertEquals(ids(before), ids(rotated), "rotation keeps the prekeys");

        // within the grace period a key exchange made with the old signed prekey still works
        assertArrayEquals("made with the first spk".getBytes(UTF_8),
                bob.receive(1, early.key().data(), true, early.payload()));

        // the replaced key is kept 30 days after its replacement, then dropped
        JavaDevice carol = new JavaDevice(3, clock);
        JavaDevice.Message late = carol.send(2, "too late".getBytes(UTF_8), withOnlyPreKey(before, preKeyIds[1]));
        clock.advance(Duration.ofDays(29));
        assertTrue(bob.protocol.maintainBundle());
        assertTrue(bob.store.loadSignedPreKey(V, before.signedPreKeyId()).isPresent(), "29 days: still kept");
        clock.advance(Duration.ofDays(1));
        bob.protocol.maintainBundle();
        assertTrue(bob.store.loadSignedPreKey(V, before.signedPreKeyId()).isEmpty(), "30 days: dropped");
        UnknownPreKeyException gone = assertThrows(UnknownPreKeyException.class,
                () -> bob.receive(3, late.key().data(), true, late.payload()));
        assertTrue(gone.getMessage().contains("signed prekey " + before.signedPreKeyId()), gone.getMessage());
    }

    @Test
    void usedPreKeysAreDeletedAndRefilledTo100WhenFewerThan25Remain() throws Exception {
        JavaDevice bob = new JavaDevice(2, clock);
        Bundle bundle = bob.bundle();
        int sender = 100;
        for (Bundle.PreKey preKey : bundle.preKeys()) {
            if (bob.bundle().preKeys().size() == 25) {
                break;
            }
            JavaDevice alice = new JavaDevice(++sender, clock);
            JavaDevice.Message m = alice.send(2, null, withOnlyPreKey(bundle, preKey.id()));
            JavaDevice.Received received = bob.receiveFull(sender, m.key().data(), true, null);
            assertTrue(received.decrypted().newSession());
            assertFalse(bob.protocol.maintainBundle(), "no refill while 25 or more remain");
            assertFalse(ids(bob.bundle()).contains(preKey.id()), "prekey " + preKey.id() + " is deleted once used");
        }
        assertEquals(25, bob.bundle().preKeys().size(), "25 is still enough");

        JavaDevice last = new JavaDevice(++sender, clock);
        int id = bob.bundle().preKeys().get(0).id();
        JavaDevice.Message m = last.send(2, null, withOnlyPreKey(bob.bundle(), id));
        bob.receive(sender, m.key().data(), true, null);
        assertEquals(24, bob.bundle().preKeys().size());
        assertTrue(bob.protocol.maintainBundle(), "below 25: refilled, publish again");
        Bundle refilled = bob.bundle();
        assertEquals(100, refilled.preKeys().size());
        assertFalse(ids(refilled).contains(id));
    }

    @Test
    void sessionBytesSurviveAndOnlyTheUsedPreKeyIsGone() throws Exception {
        JavaDevice alice = new JavaDevice(1, clock);
        JavaDevice bob = new JavaDevice(2, clock);
        JavaDevice.Message m = alice.send(2, "one".getBytes(UTF_8), bob.bundle());
        bob.receive(1, m.key().data(), true, m.payload());
        byte[] session = bob.sessionBytes(1);
        assertArrayEquals(session, Omemo2Session.fromBytes(session).toBytes(), "the byte format round-trips");
        assertEquals(99, bob.store.loadPreKeys(V).size());
        assertEquals(TrustLevel.TRUSTED_BLIND, bob.store.loadTrust(JavaDevice.address(1)).orElseThrow().level());
        assertEquals(alice.protocol.ownFingerprint(), bob.store.loadTrust(JavaDevice.address(1)).orElseThrow().identity());
    }

    @Test
    void sessionBytesWithoutTheCachedRatchetKeyStillWork() throws Exception {
        JavaDevice alice = new JavaDevice(1, clock);
        JavaDevice bob = new JavaDevice(2, clock);
        establish(alice, bob);
        SessionState stored = SessionState.parseFrom(alice.sessionBytes(2));
        assertTrue(stored.getRatchet().hasOwnRatchetPub(), "the public ratchet key is stored with the session");
        // the byte format as it was before that optional field: the key is derived again when needed
        alice.store.storeSession(JavaDevice.address(2), V, stored.toBuilder()
                .setRatchet(stored.getRatchet().toBuilder().clearOwnRatchetPub()).build().toByteArray());
        JavaDevice.Message m = alice.send(2, "older bytes".getBytes(UTF_8), null);
        assertArrayEquals("older bytes".getBytes(UTF_8), bob.receive(1, m.key().data(), false, m.payload()));
        var ratchet = SessionState.parseFrom(alice.sessionBytes(2)).getRatchet();
        assertArrayEquals(Curve25519.publicKey(ratchet.getOwnRatchetPriv().toByteArray()),
                ratchet.getOwnRatchetPub().toByteArray(), "the stored public key is that of the private key");
    }

    @Test
    void aKnownDeviceWithAnotherIdentityKeyIsRefusedEitherWay() throws Exception {
        JavaDevice alice = new JavaDevice(1, clock);
        JavaDevice bob = new JavaDevice(2, clock);
        JavaDevice.Message hello = alice.send(2, "hello".getBytes(UTF_8), bob.bundle());
        bob.receive(1, hello.key().data(), true, hello.payload());
        List<Integer> peers = List.of(1);
        String before = bob.snapshot(peers);

        JavaDevice impostor = new JavaDevice(1, clock); // same device id, new identity
        IdentityChangedException byBundle = assertThrows(IdentityChangedException.class,
                () -> bob.protocol.buildSession(JavaDevice.address(1), impostor.bundle()));
        assertEquals(alice.protocol.ownFingerprint(), byBundle.known());
        assertEquals(impostor.protocol.ownFingerprint(), byBundle.presented());
        JavaDevice.Message kex = impostor.send(2, "trust me".getBytes(UTF_8), bob.bundle());
        assertThrows(IdentityChangedException.class, () -> bob.receive(1, kex.key().data(), true, kex.payload()));
        assertEquals(before, bob.snapshot(peers), "no session, prekey or trust change");

        bob.protocol.buildSession(JavaDevice.address(7), impostor.bundle()); // under its own id it is welcome
        assertEquals(Fingerprint.ofEd25519(impostor.bundle().identityKey()),
                bob.store.loadTrust(JavaDevice.address(7)).orElseThrow().identity());
    }

    @Test
    void aFailedKeyExchangeKeepsThePreKeyAndRecordsNothing() throws Exception {
        JavaDevice alice = new JavaDevice(1, clock);
        JavaDevice bob = new JavaDevice(2, clock);
        JavaDevice.Message kex = alice.send(2, "x".getBytes(UTF_8), bob.bundle());
        byte[] data = kex.key().data();
        String before = bob.snapshot(List.of(1));
        byte[] tampered = data.clone();
        tampered[tampered.length - 1] ^= 1; // inside the inner message: the MAC fails after X3DH succeeded
        assertThrows(AuthenticationFailedException.class, () -> bob.receive(1, tampered, true, kex.payload()));
        assertEquals(before, bob.snapshot(List.of(1)), "no session stored, prekey kept, no trust record");
        assertArrayEquals("x".getBytes(UTF_8), bob.receive(1, data, true, kex.payload()));
        assertNotEquals(before, bob.snapshot(List.of(1)));
    }

    @Test
    void malformedKeyElementsAreTypedAndChangeNothing() throws Exception {
        JavaDevice alice = new JavaDevice(1, clock);
        JavaDevice bob = new JavaDevice(2, clock);
        JavaDevice.Message m = alice.send(2, "x".getBytes(UTF_8), bob.bundle());
        byte[] data = m.key().data();
        String before = bob.snapshot(List.of(1));
        OMEMOKeyExchange kex = OMEMOKeyExchange.parseFrom(data);

        assertThrows(MalformedMessageException.class,
                () -> bob.receive(1, Arrays.copyOf(data, data.length - 5), true, m.payload()), "truncated");
        assertThrows(MalformedMessageException.class, () -> bob.receive(1, new byte[0], true, null), "empty");
        assertThrows(InvalidKeyLengthException.class, () -> bob.receive(1, kex.toBuilder()
                .setIk(ByteString.copyFrom(new byte[31])).build().toByteArray(), true, null), "short identity key");
        assertThrows(InvalidKeyLengthException.class, () -> bob.receive(1, kex.toBuilder()
                .setEk(ByteString.copyFrom(new byte[33])).build().toByteArray(), true, null), "long ephemeral key");
        assertThrows(UnknownPreKeyException.class, () -> bob.receive(1, kex.toBuilder().setPkId(unusedId(bob, true))
                .build().toByteArray(), true, null), "unknown prekey");
        assertThrows(UnknownPreKeyException.class, () -> bob.receive(1, kex.toBuilder().setSpkId(unusedId(bob, false))
                .build().toByteArray(), true, null), "unknown signed prekey");
        NoSessionException noSession = assertThrows(NoSessionException.class,
                () -> bob.receive(1, kex.getMessage().toByteArray(), false, null));
        assertTrue(noSession.getMessage().contains("device 1"), noSession.getMessage());
        assertEquals(before, bob.snapshot(List.of(1)), "no prekey used, nothing changed");

        assertArrayEquals("x".getBytes(UTF_8), bob.receive(1, data, true, m.payload()), "the genuine one still works");
    }

    private static int unusedId(JavaDevice device, boolean preKey) {
        Set<Integer> taken = (preKey ? device.store.loadPreKeys(V).stream().map(k -> k.id())
                : device.store.loadSignedPreKeys(V).stream().map(k -> k.id())).collect(Collectors.toSet());
        int id = 1;
        while (taken.contains(id)) {
            id++;
        }
        return id;
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
        byte[] before = bob.sessionBytes(1);
        assertThrows(InvalidKeyLengthException.class, () -> bob.receive(1, shortKey, false, null));
        assertThrows(MalformedMessageException.class, () -> bob.receive(1, noCiphertext, false, null));
        assertThrows(MalformedMessageException.class, () -> bob.receive(1, new byte[] {0x0a, 0x05, 1}, false, null),
                "truncated OMEMOAuthenticatedMessage");
        assertArrayEquals(before, bob.sessionBytes(1));
        assertArrayEquals("y".getBytes(UTF_8), bob.receive(1, m.key().data(), false, m.payload()));
    }

    @Test
    void malformedBundlesAndStoredStateAreTyped() throws Exception {
        Bundle good = new JavaDevice(2, clock).bundle();
        JavaDevice alice = new JavaDevice(1, clock);
        var peer = JavaDevice.address(2);
        assertThrows(InvalidKeyLengthException.class, () -> alice.protocol.buildSession(peer, new Bundle(V,
                good.signedPreKeyId(), Arrays.copyOf(good.signedPreKey(), 31), good.signedPreKeySignature(),
                good.identityKey(), good.preKeys())));
        assertThrows(InvalidKeyLengthException.class, () -> alice.protocol.buildSession(peer, new Bundle(V,
                good.signedPreKeyId(), good.signedPreKey(), good.signedPreKeySignature(),
                Arrays.copyOf(good.identityKey(), 33), good.preKeys())));
        assertThrows(MalformedMessageException.class, () -> alice.protocol.buildSession(peer, new Bundle(V,
                good.signedPreKeyId(), good.signedPreKey(), good.signedPreKeySignature(), good.identityKey(),
                List.of())), "no one-time prekey");
        assertThrows(BadSignatureException.class, () -> alice.protocol.buildSession(peer, new Bundle(V,
                good.signedPreKeyId(), good.signedPreKey(), good.signedPreKeySignature(),
                DeviceIdentity.generate().ed25519PublicKey(), good.preKeys())), "signed by someone else");
        assertThrows(IllegalArgumentException.class, () -> alice.protocol.buildSession(peer, new Bundle(
                OmemoVersion.V0_3, 1, new byte[33], new byte[64], new byte[33], List.of())), "a 0.3 bundle");
        assertFalse(alice.protocol.hasSession(peer));
        assertTrue(alice.store.loadTrust(JavaDevice.JID).isEmpty(), "no failed bundle left a trust record");

        assertThrows(MalformedMessageException.class, () -> Omemo2Session.fromBytes(new byte[] {1, 2, 3}));
        alice.store.storeSession(peer, V, new byte[] {1, 2, 3});
        assertThrows(MalformedMessageException.class, () -> alice.protocol.encryptKey(peer, new byte[48]),
                "a corrupt stored session is reported, not used");
        assertThrows(NoSessionException.class, () -> alice.protocol.encryptKey(JavaDevice.address(9), new byte[48]));
        assertThrows(InvalidKeyLengthException.class, () -> alice.protocol.encryptKey(peer, new byte[16]));
    }

    @Test
    void payloadKeyMaterialOfTheWrongLengthIsTyped() throws Exception {
        Omemo2Protocol protocol = new JavaDevice(1, clock).protocol;
        PayloadEncryption encrypted = protocol.encryptPayload("body".getBytes(UTF_8));
        EncryptedPayload payload = encrypted.payload();
        assertEquals(48, encrypted.keyMaterial().length);
        assertEquals(0, payload.iv().length, "OMEMO 2 derives the IV");
        assertThrows(InvalidKeyLengthException.class,
                () -> protocol.decryptPayload(payload, protocol.keyTransport().keyMaterial()));
        assertThrows(InvalidKeyLengthException.class,
                () -> protocol.decryptPayload(payload, Arrays.copyOf(encrypted.keyMaterial(), 47)));
        assertThrows(AuthenticationFailedException.class,
                () -> protocol.decryptPayload(payload, protocol.encryptPayload(new byte[1]).keyMaterial()));
        assertThrows(MalformedMessageException.class,
                () -> protocol.decryptPayload(protocol.keyTransport().payload(), encrypted.keyMaterial()));
        assertArrayEquals("body".getBytes(UTF_8), protocol.decryptPayload(payload, encrypted.keyMaterial()));
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
        byte[] before = bob.sessionBytes(1);
        JavaDevice.Message tooFar = last;
        assertThrows(TooManySkippedMessagesException.class, () -> bob.receive(1, tooFar.key().data(), false, null));
        assertArrayEquals(before, bob.sessionBytes(1));
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

        assertThrows(OmemoException.class, () -> bob.receive(1, first.get(0).key().data(), false, first.get(0).payload()),
                "a dropped key cannot decrypt");
        assertArrayEquals("a198".getBytes(UTF_8), bob.receive(1, first.get(198).key().data(), false,
                first.get(198).payload()), "the oldest kept key still does");
        assertNotEquals(0, bob.session(1).skippedKeyCount());
    }

    @Test
    void twoDevicesStartingSessionsAtTheSameMomentKeepReadingEachOther() throws Exception {
        JavaDevice alice = new JavaDevice(1, clock);
        JavaDevice bob = new JavaDevice(2, clock);
        // both write first, each from the other's bundle, before either has received anything
        JavaDevice.Message fromAlice = alice.send(2, "a0".getBytes(UTF_8), bob.bundle());
        JavaDevice.Message fromBob = bob.send(1, "b0".getBytes(UTF_8), alice.bundle());
        assertTrue(fromAlice.key().preKey() && fromBob.key().preKey());
        // each takes the other's key exchange: a new session that replaces its own
        assertArrayEquals("b0".getBytes(UTF_8), alice.receive(2, fromBob.key().data(), true, fromBob.payload()));
        assertArrayEquals("a0".getBytes(UTF_8), bob.receive(1, fromAlice.key().data(), true, fromAlice.payload()));
        assertTrue(SessionState.parseFrom(alice.sessionBytes(2)).hasPrevious(), "the replaced session is kept");

        // the next messages cross again; each side writes in the session it holds now
        JavaDevice.Message firstCrossing = null;
        for (int round = 1; round <= 3; round++) {
            JavaDevice.Message a = alice.send(2, ("a" + round).getBytes(UTF_8), null);
            JavaDevice.Message b = bob.send(1, ("b" + round).getBytes(UTF_8), null);
            assertArrayEquals(("a" + round).getBytes(UTF_8), bob.receive(1, a.key().data(), a.key().preKey(), a.payload()));
            assertArrayEquals(("b" + round).getBytes(UTF_8), alice.receive(2, b.key().data(), b.key().preKey(), b.payload()));
            if (round == 1) {
                firstCrossing = a;
            }
            if (round == 2) {
                // a1 was read in the session that is the previous one now: again, it is a replay, not a failure
                JavaDevice.Message replay = firstCrossing;
                assertThrows(DuplicateMessageException.class,
                        () -> bob.receive(1, replay.key().data(), replay.key().preKey(), replay.payload()));
            }
        }
        // and in turns, through the stored bytes every time
        for (int i = 0; i < 5; i++) {
            JavaDevice.Message a = alice.send(2, ("turn a" + i).getBytes(UTF_8), null);
            assertArrayEquals(("turn a" + i).getBytes(UTF_8), bob.receive(1, a.key().data(), a.key().preKey(), a.payload()));
            JavaDevice.Message b = bob.send(1, ("turn b" + i).getBytes(UTF_8), null);
            assertArrayEquals(("turn b" + i).getBytes(UTF_8), alice.receive(2, b.key().data(), b.key().preKey(), b.payload()));
        }
        byte[] session = alice.sessionBytes(2);
        assertArrayEquals(session, Omemo2Session.fromBytes(session).toBytes(), "the two sessions round-trip");
        assertFalse(SessionState.parseFrom(session).getPrevious().hasPrevious(), "one previous session, not a chain");
    }

    @Test
    void aMessageNeitherSessionCanReadFailsWithTheCurrentSessionsReasonAndChangesNothing() throws Exception {
        JavaDevice alice = new JavaDevice(1, clock);
        JavaDevice bob = new JavaDevice(2, clock);
        JavaDevice.Message fromAlice = alice.send(2, "a0".getBytes(UTF_8), bob.bundle());
        JavaDevice.Message fromBob = bob.send(1, "b0".getBytes(UTF_8), alice.bundle());
        alice.receive(2, fromBob.key().data(), true, fromBob.payload());
        bob.receive(1, fromAlice.key().data(), true, fromAlice.payload());
        JavaDevice.Message a = alice.send(2, "a1".getBytes(UTF_8), null);
        byte[] tampered = a.key().data().clone();
        tampered[tampered.length - 1] ^= 1;
        String before = bob.snapshot(List.of(1));
        assertThrows(AuthenticationFailedException.class, () -> bob.receive(1, tampered, false, a.payload()));
        assertEquals(before, bob.snapshot(List.of(1)));
        assertArrayEquals("a1".getBytes(UTF_8), bob.receive(1, a.key().data(), false, a.payload()));
    }
}
