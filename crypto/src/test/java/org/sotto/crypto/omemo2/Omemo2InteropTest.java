package org.sotto.crypto.omemo2;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.bouncycastle.math.ec.rfc7748.X25519;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.sotto.crypto.AuthenticationFailedException;
import org.sotto.crypto.BadSignatureException;
import org.sotto.crypto.Bundle;
import org.sotto.crypto.DeviceIdentity;
import org.sotto.crypto.DuplicateMessageException;
import org.sotto.crypto.EncryptedKey;
import org.sotto.crypto.EncryptedPayload;
import org.sotto.crypto.Fingerprint;
import org.sotto.crypto.IdentityChangedException;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.PreKeyMaintenance;
import org.sotto.crypto.UnknownPreKeyException;
import org.sotto.crypto.omemo2.proto.Omemo2Protos.OMEMOKeyExchange;
import org.sotto.testkit.TestClock;

/**
 * Interop with the real python-twomemo 1.0.3: bundles made on either side, sessions started from either side,
 * messages both ways and out of order, empty key-transport messages, replays and tampering.
 */
class Omemo2InteropTest {
    private static final AtomicInteger IDS = new AtomicInteger(1000);
    private static TwomemoPeer python;

    @BeforeAll
    static void startPython() throws Exception {
        python = new TwomemoPeer();
    }

    @AfterAll
    static void stopPython() throws Exception {
        python.close();
    }

    /** A python device (named by its id) and a Java device, not yet talking. */
    private record Pair(JavaDevice java, int pythonId, String pythonName, Bundle pythonBundle) {
    }

    private static Pair pair() throws Exception {
        int pythonId = IDS.incrementAndGet();
        String name = "py" + pythonId;
        Bundle bundle = python.create(name);
        return new Pair(new JavaDevice(IDS.incrementAndGet()), pythonId, name, bundle);
    }

    private static Set<Integer> ids(Bundle bundle) {
        return bundle.preKeys().stream().map(Bundle.PreKey::id).collect(Collectors.toSet());
    }

    private static byte[] text(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void javaStartsTheSessionFromAPythonBundleAndBothSidesTalk() throws Exception {
        Pair p = pair();
        JavaDevice.Message first = p.java().send(p.pythonId(), text("hello python"), p.pythonBundle());
        assertTrue(first.key().preKey(), "the first message carries the key exchange");
        assertEquals(p.pythonId(), first.key().recipientDeviceId());

        TwomemoPeer.Received got = python.decrypt(p.pythonName(), p.java().id, first.key(), first.payload());
        assertTrue(got.ok(), () -> "python failed: " + got.error());
        assertArrayEquals(text("hello python"), got.plaintext());
        assertEquals(100, python.preKeyCount(p.pythonName()), "python used one prekey and refilled to 100");
        assertFalse(ids(python.bundle(p.pythonName())).contains(
                OMEMOKeyExchange.parseFrom(first.key().data()).getPkId()), "python deleted the prekey we used");

        // until python answers, Java keeps sending the key exchange
        JavaDevice.Message second = p.java().send(p.pythonId(), text("still there?"), null);
        assertTrue(second.key().preKey());
        assertArrayEquals(text("still there?"),
                python.decrypt(p.pythonName(), p.java().id, second.key(), second.payload()).plaintext());

        TwomemoPeer.Sent answer = python.encrypt(p.pythonName(), p.java().id, text("hello java"), null);
        assertFalse(answer.kex(), "python's passively built session needs no key exchange");
        assertArrayEquals(text("hello java"), p.java().receive(p.pythonId(), answer.key(), false, answer.payload()));

        JavaDevice.Message third = p.java().send(p.pythonId(), text("confirmed now"), null);
        assertFalse(third.key().preKey(), "python answered: no more key exchange");
        assertArrayEquals(text("confirmed now"),
                python.decrypt(p.pythonName(), p.java().id, third.key(), third.payload()).plaintext());
    }

    @Test
    void pythonStartsTheSessionFromAJavaBundleAndJavaAnswersWithAnEmptyMessage() throws Exception {
        Pair p = pair();
        Bundle javaBundle = p.java().bundle();
        TwomemoPeer.Sent first = python.encrypt(p.pythonName(), p.java().id, text("hi from python"), javaBundle);
        assertTrue(first.kex());

        JavaDevice.Received received = p.java().receiveFull(p.pythonId(), first.key(), true, first.payload());
        assertArrayEquals(text("hi from python"), received.plaintext());
        assertTrue(received.decrypted().newSession());
        assertTrue(received.decrypted().sendKeyTransport(), "a new session is confirmed with an empty message");
        assertArrayEquals(p.java().bundle().identityKey(), javaBundle.identityKey());
        assertEquals(99, p.java().bundle().preKeys().size(), "the used prekey is gone");
        int used = OMEMOKeyExchange.parseFrom(first.key()).getPkId();
        assertTrue(ids(javaBundle).contains(used));
        assertFalse(ids(p.java().bundle()).contains(used), "python's prekey left our bundle");
        assertArrayEquals(p.pythonBundle().identityKey(), p.java().session(p.pythonId()).peerIdentityKey());
        assertEquals(Fingerprint.ofEd25519(p.pythonBundle().identityKey()), received.decrypted().senderIdentity());
        assertEquals(Fingerprint.ofEd25519(p.pythonBundle().identityKey()),
                p.java().store.loadTrust(JavaDevice.address(p.pythonId())).orElseThrow().identity(),
                "the new device's identity is on record");

        // the empty message: 32 zero bytes through the ratchet, no payload
        JavaDevice.Message empty = p.java().send(p.pythonId(), null, null);
        assertFalse(empty.key().preKey());
        assertNull(empty.payload());
        TwomemoPeer.Received heard = python.decrypt(p.pythonName(), p.java().id, empty.key(), null);
        assertTrue(heard.ok(), () -> "python failed: " + heard.error());
        assertNull(heard.plaintext());
        assertArrayEquals(new byte[32], heard.keyMaterial());
        assertTrue(python.session(p.pythonName(), p.java().id).get("confirmed").asBoolean());

        TwomemoPeer.Sent next = python.encrypt(p.pythonName(), p.java().id, text("no kex any more"), null);
        assertFalse(next.kex());
        assertArrayEquals(text("no kex any more"), p.java().receive(p.pythonId(), next.key(), false, next.payload()));
    }

    @Test
    void pythonEmptyMessagesDecryptToEmptyKeyMaterial() throws Exception {
        Pair p = established();
        TwomemoPeer.Sent empty = python.encrypt(p.pythonName(), p.java().id, null, null);
        assertNull(empty.payload());
        JavaDevice.Received received = p.java().receiveFull(p.pythonId(), empty.key(), empty.kex(), null);
        assertTrue(Omemo2Payload.isEmptyKeyMaterial(received.decrypted().keyMaterial()));
        assertArrayEquals(p.java().protocol.keyTransport().keyMaterial(), received.decrypted().keyMaterial());
    }

    /** Both sides have talked once: python started, Java answered. */
    private static Pair established() throws Exception {
        Pair p = pair();
        TwomemoPeer.Sent first = python.encrypt(p.pythonName(), p.java().id, text("start"), p.java().bundle());
        p.java().receive(p.pythonId(), first.key(), true, first.payload());
        JavaDevice.Message answer = p.java().send(p.pythonId(), null, null);
        assertTrue(python.decrypt(p.pythonName(), p.java().id, answer.key(), null).ok());
        return p;
    }

    @Test
    void messagesFromPythonArriveOutOfOrderAcrossRatchetSteps() throws Exception {
        Pair p = established();
        List<TwomemoPeer.Sent> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(python.encrypt(p.pythonName(), p.java().id, text("m" + i), null));
        }
        // Java answers (new ratchet key on the python side once it receives), python sends more
        JavaDevice.Message reply = p.java().send(p.pythonId(), text("r"), null);
        assertArrayEquals(text("r"), python.decrypt(p.pythonName(), p.java().id, reply.key(), reply.payload()).plaintext());
        for (int i = 5; i < 8; i++) {
            sent.add(python.encrypt(p.pythonName(), p.java().id, text("m" + i), null));
        }
        for (int i : new int[] {6, 3, 0, 7, 4, 1, 5, 2}) {
            TwomemoPeer.Sent m = sent.get(i);
            assertArrayEquals(text("m" + i), p.java().receive(p.pythonId(), m.key(), m.kex(), m.payload()), "message " + i);
        }
        assertEquals(0, p.java().session(p.pythonId()).skippedKeyCount(), "every skipped key was used");
    }

    @Test
    void messagesFromJavaArriveOutOfOrderAtPython() throws Exception {
        Pair p = established();
        List<JavaDevice.Message> sent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sent.add(p.java().send(p.pythonId(), text("j" + i), null));
        }
        TwomemoPeer.Sent reply = python.encrypt(p.pythonName(), p.java().id, text("r"), null);
        p.java().receive(p.pythonId(), reply.key(), reply.kex(), reply.payload());
        for (int i = 4; i < 7; i++) {
            sent.add(p.java().send(p.pythonId(), text("j" + i), null));
        }
        for (int i : new int[] {5, 2, 6, 0, 3, 1, 4}) {
            JavaDevice.Message m = sent.get(i);
            TwomemoPeer.Received got = python.decrypt(p.pythonName(), p.java().id, m.key(), m.payload());
            assertTrue(got.ok(), () -> "python failed on " + got.error() + "/" + got.cause());
            assertArrayEquals(text("j" + i), got.plaintext());
        }
    }

    @Test
    void keyExchangesRepeatedByPythonBuildOneSessionInAnyOrder() throws Exception {
        Pair p = pair();
        Bundle javaBundle = p.java().bundle();
        List<TwomemoPeer.Sent> sent = new ArrayList<>();
        sent.add(python.encrypt(p.pythonName(), p.java().id, text("k0"), javaBundle));
        sent.add(python.encrypt(p.pythonName(), p.java().id, text("k1"), null));
        sent.add(python.encrypt(p.pythonName(), p.java().id, text("k2"), null));
        sent.forEach(s -> assertTrue(s.kex(), "unconfirmed: every message carries the key exchange"));

        JavaDevice.Received second = p.java().receiveFull(p.pythonId(), sent.get(1).key(), true, sent.get(1).payload());
        assertArrayEquals(text("k1"), second.plaintext());
        assertTrue(second.decrypted().newSession());
        JavaDevice.Received first = p.java().receiveFull(p.pythonId(), sent.get(0).key(), true, sent.get(0).payload());
        assertArrayEquals(text("k0"), first.plaintext());
        assertFalse(first.decrypted().newSession(), "the repeated key exchange reuses the session it built");
        assertArrayEquals(text("k2"), p.java().receive(p.pythonId(), sent.get(2).key(), true, sent.get(2).payload()));
        assertEquals(99, p.java().bundle().preKeys().size(), "one prekey used, once");
    }

    @Test
    void aReplayedMessageFromPythonIsReportedAsDuplicateAndChangesNothing() throws Exception {
        Pair p = established();
        TwomemoPeer.Sent m = python.encrypt(p.pythonName(), p.java().id, text("once"), null);
        p.java().receive(p.pythonId(), m.key(), m.kex(), m.payload());
        byte[] before = p.java().sessionBytes(p.pythonId());
        assertThrows(DuplicateMessageException.class, () -> p.java().receive(p.pythonId(), m.key(), m.kex(), m.payload()));
        assertArrayEquals(before, p.java().sessionBytes(p.pythonId()));
    }

    @Test
    void aReplayedKeyExchangeFromPythonIsDetected() throws Exception {
        Pair p = pair();
        TwomemoPeer.Sent kex = python.encrypt(p.pythonName(), p.java().id, text("start"), p.java().bundle());
        p.java().receive(p.pythonId(), kex.key(), true, kex.payload());

        // the same key exchange again, while the session it built is there: the message counter is old
        assertThrows(DuplicateMessageException.class, () -> p.java().receive(p.pythonId(), kex.key(), true, kex.payload()));

        // and after that session was replaced (Java started a new one): its prekey is gone, it is refused as a
        // replay (as OMEMO 0.3 refuses a replayed PreKey message), and the new session stays as it was
        p.java().store.deleteSession(JavaDevice.address(p.pythonId()), OmemoVersion.V2);
        p.java().send(p.pythonId(), text("fresh"), python.bundle(p.pythonName()));
        byte[] fresh = p.java().sessionBytes(p.pythonId());
        UnknownPreKeyException replay = assertThrows(UnknownPreKeyException.class,
                () -> p.java().receive(p.pythonId(), kex.key(), true, kex.payload()));
        assertTrue(replay.getMessage().contains("already used"), replay.getMessage());
        assertArrayEquals(fresh, p.java().sessionBytes(p.pythonId()));
    }

    @Test
    void pythonRejectsAReplayedJavaKeyExchange() throws Exception {
        Pair p = pair();
        JavaDevice.Message kex = p.java().send(p.pythonId(), text("once"), p.pythonBundle());
        assertTrue(python.decrypt(p.pythonName(), p.java().id, kex.key(), kex.payload()).ok());
        TwomemoPeer.Received again = python.decrypt(p.pythonName(), p.java().id, kex.key(), kex.payload());
        assertFalse(again.ok());
        assertEquals("DuplicateMessageException", again.cause());
    }

    @Test
    void aTamperedKeyElementFailsTheMacAndLeavesTheSessionAsItWas() throws Exception {
        Pair p = established();
        TwomemoPeer.Sent m = python.encrypt(p.pythonName(), p.java().id, text("intact"), null);
        byte[] before = p.java().sessionBytes(p.pythonId());
        String stateBefore = p.java().snapshot(List.of(p.pythonId()));

        byte[] tampered = m.key().clone();
        tampered[tampered.length - 1] ^= 0x01; // inside the OMEMOMessage's ciphertext
        assertThrows(AuthenticationFailedException.class,
                () -> p.java().receive(p.pythonId(), tampered, false, m.payload()));
        byte[] badMac = m.key().clone();
        badMac[3] ^= 0x40; // inside the 16-byte mac
        assertThrows(AuthenticationFailedException.class,
                () -> p.java().receive(p.pythonId(), badMac, false, m.payload()));
        assertArrayEquals(before, p.java().sessionBytes(p.pythonId()), "the stored session is untouched");
        assertEquals(stateBefore, p.java().snapshot(List.of(p.pythonId())), "prekeys and trust are untouched");

        assertArrayEquals(text("intact"), p.java().receive(p.pythonId(), m.key(), false, m.payload()),
                "the genuine message still decrypts after the failures");
    }

    @Test
    void aTamperedPayloadFailsItsMac() throws Exception {
        Pair p = established();
        TwomemoPeer.Sent m = python.encrypt(p.pythonName(), p.java().id, text("payload"), null);
        byte[] payload = m.payload().clone();
        payload[0] ^= 0x01;
        byte[] keyMaterial = p.java().protocol.decryptKey(JavaDevice.address(p.pythonId()),
                new EncryptedKey(p.java().id, m.key(), m.kex())).keyMaterial();
        assertThrows(AuthenticationFailedException.class,
                () -> p.java().protocol.decryptPayload(new EncryptedPayload(null, payload), keyMaterial));
        assertArrayEquals(text("payload"),
                p.java().protocol.decryptPayload(new EncryptedPayload(null, m.payload()), keyMaterial));
    }

    @Test
    void pythonRejectsATamperedJavaMessageAndThenAcceptsTheGenuineOne() throws Exception {
        Pair p = established();
        JavaDevice.Message m = p.java().send(p.pythonId(), text("genuine"), null);
        byte[] tampered = m.key().data();
        tampered[tampered.length - 2] ^= 0x10;
        TwomemoPeer.Received rejected = python.decrypt(p.pythonName(), p.java().id,
                new EncryptedKey(m.key().recipientDeviceId(), tampered, false), m.payload());
        assertFalse(rejected.ok());
        assertEquals("AuthenticationFailedException", rejected.cause());
        assertArrayEquals(text("genuine"), python.decrypt(p.pythonName(), p.java().id, m.key(), m.payload()).plaintext());
    }

    @Test
    void aHeartbeatIsDueAfterMessage53OfAChain() throws Exception {
        Pair p = established();
        boolean heartbeat = false;
        for (int i = 0; i < 54; i++) {
            TwomemoPeer.Sent m = python.encrypt(p.pythonName(), p.java().id, null, null);
            JavaDevice.Received r = p.java().receiveFull(p.pythonId(), m.key(), m.kex(), null);
            heartbeat = r.decrypted().sendKeyTransport();
            assertEquals(i >= 53, heartbeat, "heartbeat flag after message " + i);
        }
        assertTrue(heartbeat);
    }

    @Test
    void aSignedPreKeyFromPythonWithABadSignatureIsRefused() throws Exception {
        Pair p = pair();
        Bundle good = p.pythonBundle();
        byte[] signature = good.signedPreKeySignature();
        signature[10] ^= 0x01;
        Bundle forged = new Bundle(OmemoVersion.V2, good.signedPreKeyId(), good.signedPreKey(), signature,
                good.identityKey(), good.preKeys());
        assertThrows(BadSignatureException.class,
                () -> p.java().protocol.buildSession(JavaDevice.address(p.pythonId()), forged));
        assertFalse(p.java().protocol.hasSession(JavaDevice.address(p.pythonId())));
        assertTrue(p.java().store.loadTrust(JavaDevice.address(p.pythonId())).isEmpty(), "nothing recorded");
    }

    @Test
    void theIdentityKeyAndItsSignaturesMatchPythonXeddsaByteForByte() throws Exception {
        for (int i = 0; i < 5; i++) {
            DeviceIdentity identity = DeviceIdentity.generate();
            byte[] message = Curve25519.publicKey(Curve25519.generatePrivateKey(new SecureRandom()));
            var keys = python.keys(identity.seed(), message, identity.signEd25519(message));
            assertArrayEquals(TwomemoPeer.bytes(keys.get("ed25519")), identity.ed25519PublicKey(), "Ed25519 public key");
            assertArrayEquals(TwomemoPeer.bytes(keys.get("ed25519_from_priv")), identity.ed25519PublicKey(),
                    "python-omemo publishes priv_to_ed25519_pub(seed_to_priv(seed)): the same key");
            assertArrayEquals(TwomemoPeer.bytes(keys.get("curve25519")), identity.curve25519PublicKey(),
                    "the X25519 key of the same scalar");
            assertArrayEquals(TwomemoPeer.bytes(keys.get("converted")),
                    Curve25519.ed25519ToX25519(identity.ed25519PublicKey()),
                    "the birational map");
            assertTrue(keys.get("verifies").asBoolean(), "python verifies our Ed25519 signature");
        }
    }

    @Test
    void aPeerWithACurve25519IdentityAndXeddsaSignaturesInteroperates() throws Exception {
        int pythonId = IDS.incrementAndGet();
        String name = "xeddsa" + pythonId;
        byte[] curve25519Private = Curve25519.generatePrivateKey(new SecureRandom());
        X25519.clampPrivateKey(curve25519Private); // as libsignal stores them
        Bundle bundle = python.createWithCurve25519Identity(name, curve25519Private);
        JavaDevice java = new JavaDevice(IDS.incrementAndGet());
        JavaDevice.Message hello = java.send(pythonId, text("to a libsignal-style identity"), bundle);
        assertArrayEquals(text("to a libsignal-style identity"),
                python.decrypt(name, java.id, hello.key(), hello.payload()).plaintext());
        TwomemoPeer.Sent answer = python.encrypt(name, java.id, text("answer"), null);
        assertArrayEquals(text("answer"), java.receive(pythonId, answer.key(), answer.kex(), answer.payload()));
    }

    @Test
    void pythonCanStillUseAJavaBundleWhoseSignedPreKeyWasJustRotated() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        JavaDevice java = new JavaDevice(IDS.incrementAndGet(), clock);
        Bundle old = java.bundle();
        clock.advance(PreKeyMaintenance.Policy.defaults(OmemoVersion.V2).rotation());
        assertTrue(java.protocol.maintainBundle());
        assertNotEquals(old.signedPreKeyId(), java.bundle().signedPreKeyId(), "rotated");
        int pythonId = IDS.incrementAndGet();
        String name = "rot" + pythonId;
        python.create(name);
        TwomemoPeer.Sent kex = python.encrypt(name, java.id, text("with the old signed prekey"), old);
        assertArrayEquals(text("with the old signed prekey"), java.receive(pythonId, kex.key(), true, kex.payload()));
    }

    @Test
    void whenBothSidesStartAtOnceTheKeyExchangeReceivedReplacesOursAndTheAnswerWorks() throws Exception {
        Pair p = pair();
        JavaDevice.Message ours = p.java().send(p.pythonId(), text("never delivered"), p.pythonBundle());
        assertTrue(ours.key().preKey());
        assertTrue(p.java().session(p.pythonId()).initiatedByUs());

        TwomemoPeer.Sent theirs = python.encrypt(p.pythonName(), p.java().id, text("python was faster"), p.java().bundle());
        JavaDevice.Received received = p.java().receiveFull(p.pythonId(), theirs.key(), true, theirs.payload());
        assertArrayEquals(text("python was faster"), received.plaintext());
        assertTrue(received.decrypted().newSession(), "python's key exchange replaces our unanswered session");
        assertFalse(p.java().session(p.pythonId()).initiatedByUs());

        JavaDevice.Message answer = p.java().send(p.pythonId(), text("answer on python's session"), null);
        assertFalse(answer.key().preKey());
        assertArrayEquals(text("answer on python's session"),
                python.decrypt(p.pythonName(), p.java().id, answer.key(), answer.payload()).plaintext());
    }

    @Test
    void aKnownDeviceIdWithANewIdentityKeyIsRefusedAndNothingChanges() throws Exception {
        Pair p = established();
        // another python device (another identity) appears under the same device id: by bundle and by key exchange
        String impostor = "new" + p.pythonId();
        Bundle newBundle = python.create(impostor);
        List<Integer> peers = List.of(p.pythonId());
        String before = p.java().snapshot(peers);
        IdentityChangedException byBundle = assertThrows(IdentityChangedException.class,
                () -> p.java().protocol.buildSession(JavaDevice.address(p.pythonId()), newBundle));
        assertEquals(Fingerprint.ofEd25519(p.pythonBundle().identityKey()), byBundle.known());
        assertEquals(Fingerprint.ofEd25519(newBundle.identityKey()), byBundle.presented());

        TwomemoPeer.Sent kex = python.encrypt(impostor, p.java().id, text("it is me, really"), p.java().bundle());
        assertThrows(IdentityChangedException.class,
                () -> p.java().receive(p.pythonId(), kex.key(), true, kex.payload()));
        assertEquals(before, p.java().snapshot(peers), "session, prekeys and trust as they were");

        TwomemoPeer.Sent genuine = python.encrypt(p.pythonName(), p.java().id, text("the real one"), null);
        assertArrayEquals(text("the real one"), p.java().receive(p.pythonId(), genuine.key(), genuine.kex(),
                genuine.payload()));
    }
}
