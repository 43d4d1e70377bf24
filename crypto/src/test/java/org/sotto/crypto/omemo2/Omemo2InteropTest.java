package org.sotto.crypto.omemo2;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sotto.crypto.omemo2.proto.Omemo2Protos.OMEMOKeyExchange;

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
    private record Pair(JavaDevice java, int pythonId, String pythonName, Omemo2Bundle pythonBundle) {
    }

    private static Pair pair() throws Exception {
        int pythonId = IDS.incrementAndGet();
        String name = "py" + pythonId;
        Omemo2Bundle bundle = python.create(name);
        return new Pair(new JavaDevice(IDS.incrementAndGet()), pythonId, name, bundle);
    }

    private static byte[] text(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void javaStartsTheSessionFromAPythonBundleAndBothSidesTalk() throws Exception {
        Pair p = pair();
        JavaDevice.Message first = p.java().send(p.pythonId(), text("hello python"), p.pythonBundle());
        assertTrue(first.key().keyExchange(), "the first message carries the key exchange");
        assertEquals(p.pythonId(), first.key().rid());

        TwomemoPeer.Received got = python.decrypt(p.pythonName(), p.java().id, first.key(), first.payload());
        assertTrue(got.ok(), () -> "python failed: " + got.error());
        assertArrayEquals(text("hello python"), got.plaintext());
        assertEquals(100, python.preKeyCount(p.pythonName()), "python used one prekey and refilled to 100");
        assertFalse(python.bundle(p.pythonName()).preKeys().containsKey(
                OMEMOKeyExchange.parseFrom(first.key().data()).getPkId()), "python deleted the prekey we used");

        // until python answers, Java keeps sending the key exchange
        JavaDevice.Message second = p.java().send(p.pythonId(), text("still there?"), null);
        assertTrue(second.key().keyExchange());
        assertArrayEquals(text("still there?"),
                python.decrypt(p.pythonName(), p.java().id, second.key(), second.payload()).plaintext());

        TwomemoPeer.Sent answer = python.encrypt(p.pythonName(), p.java().id, text("hello java"), null);
        assertFalse(answer.kex(), "python's passively built session needs no key exchange");
        assertArrayEquals(text("hello java"), p.java().receive(p.pythonId(), answer.key(), false, answer.payload()));

        JavaDevice.Message third = p.java().send(p.pythonId(), text("confirmed now"), null);
        assertFalse(third.key().keyExchange(), "python answered: no more key exchange");
        assertArrayEquals(text("confirmed now"),
                python.decrypt(p.pythonName(), p.java().id, third.key(), third.payload()).plaintext());
    }

    @Test
    void pythonStartsTheSessionFromAJavaBundleAndJavaAnswersWithAnEmptyMessage() throws Exception {
        Pair p = pair();
        Omemo2Bundle javaBundle = p.java().bundle();
        TwomemoPeer.Sent first = python.encrypt(p.pythonName(), p.java().id, text("hi from python"), javaBundle);
        assertTrue(first.kex());

        JavaDevice.Received received = p.java().receiveFull(p.pythonId(), first.key(), true, first.payload());
        assertArrayEquals(text("hi from python"), received.plaintext());
        assertTrue(received.decrypted().newSession());
        assertTrue(received.decrypted().sendEmptyMessage(), "a new session is confirmed with an empty message");
        assertTrue(received.decrypted().bundleChanged());
        assertArrayEquals(p.java().bundle().identityKey(), javaBundle.identityKey());
        assertEquals(Omemo2Device.PRE_KEY_COUNT - 1, p.java().bundle().preKeys().size(), "the used prekey is gone");
        assertArrayEquals(p.pythonBundle().identityKey(), received.decrypted().session().peerIdentityKey());

        // the empty message: 32 zero bytes through the ratchet, no payload
        JavaDevice.Message empty = p.java().send(p.pythonId(), null, null);
        assertFalse(empty.key().keyExchange());
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
        assertTrue(received.decrypted().empty());
        assertArrayEquals(Omemo2Payload.emptyKeyMaterial(), received.decrypted().keyMaterial());
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
        Omemo2Bundle javaBundle = p.java().bundle();
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
        assertEquals(Omemo2Device.PRE_KEY_COUNT - 1, p.java().bundle().preKeys().size(), "one prekey used, once");
    }

    @Test
    void aReplayedMessageFromPythonIsReportedAsDuplicateAndChangesNothing() throws Exception {
        Pair p = established();
        TwomemoPeer.Sent m = python.encrypt(p.pythonName(), p.java().id, text("once"), null);
        p.java().receive(p.pythonId(), m.key(), m.kex(), m.payload());
        byte[] before = p.java().sessions.get(p.pythonId());
        assertThrows(Omemo2Exception.Duplicate.class, () -> p.java().receive(p.pythonId(), m.key(), m.kex(), m.payload()));
        assertArrayEquals(before, p.java().sessions.get(p.pythonId()));
    }

    @Test
    void aReplayedKeyExchangeFromPythonIsDetected() throws Exception {
        Pair p = pair();
        TwomemoPeer.Sent kex = python.encrypt(p.pythonName(), p.java().id, text("start"), p.java().bundle());
        p.java().receive(p.pythonId(), kex.key(), true, kex.payload());

        // the same key exchange again, while the session it built is there: the message counter is old
        assertThrows(Omemo2Exception.Duplicate.class, () -> p.java().receive(p.pythonId(), kex.key(), true, kex.payload()));

        // and after that session was replaced (Java started a new one): its prekey is gone, it is a replay
        p.java().sessions.remove(p.pythonId());
        p.java().send(p.pythonId(), text("fresh"), python.bundle(p.pythonName()));
        Omemo2Exception.ReplayedKeyExchange replay = assertThrows(Omemo2Exception.ReplayedKeyExchange.class,
                () -> p.java().receive(p.pythonId(), kex.key(), true, kex.payload()));
        assertTrue(replay.getMessage().contains("already used"), replay.getMessage());
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
        byte[] before = p.java().sessions.get(p.pythonId());
        byte[] deviceBefore = p.java().device().toBytes();

        byte[] tampered = m.key().clone();
        tampered[tampered.length - 1] ^= 0x01; // inside the OMEMOMessage's ciphertext
        assertThrows(Omemo2Exception.AuthenticationFailed.class,
                () -> p.java().receive(p.pythonId(), tampered, false, m.payload()));
        byte[] badMac = m.key().clone();
        badMac[3] ^= 0x40; // inside the 16-byte mac
        assertThrows(Omemo2Exception.AuthenticationFailed.class,
                () -> p.java().receive(p.pythonId(), badMac, false, m.payload()));
        assertArrayEquals(before, p.java().sessions.get(p.pythonId()), "the stored session is untouched");
        assertArrayEquals(deviceBefore, p.java().device().toBytes());

        assertArrayEquals(text("intact"), p.java().receive(p.pythonId(), m.key(), false, m.payload()),
                "the genuine message still decrypts after the failures");
    }

    @Test
    void aTamperedPayloadFailsItsMac() throws Exception {
        Pair p = established();
        TwomemoPeer.Sent m = python.encrypt(p.pythonName(), p.java().id, text("payload"), null);
        byte[] payload = m.payload().clone();
        payload[0] ^= 0x01;
        Omemo2Device.Decrypted decrypted = p.java().device().decryptKey(p.pythonId(), p.java().session(p.pythonId()),
                m.key(), m.kex());
        assertThrows(Omemo2Exception.AuthenticationFailed.class, () -> Omemo2Payload.decrypt(payload, decrypted.keyMaterial()));
        assertArrayEquals(text("payload"), Omemo2Payload.decrypt(m.payload(), decrypted.keyMaterial()));
    }

    @Test
    void pythonRejectsATamperedJavaMessageAndThenAcceptsTheGenuineOne() throws Exception {
        Pair p = established();
        JavaDevice.Message m = p.java().send(p.pythonId(), text("genuine"), null);
        byte[] tampered = m.key().data();
        tampered[tampered.length - 2] ^= 0x10;
        TwomemoPeer.Received rejected = python.decrypt(p.pythonName(), p.java().id,
                new Omemo2EncryptedKey(m.key().rid(), tampered, false), m.payload());
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
            heartbeat = r.decrypted().sendEmptyMessage();
            assertEquals(i >= 53, heartbeat, "heartbeat flag after message " + i);
        }
        assertTrue(heartbeat);
    }

    @Test
    void aSignedPreKeyFromPythonWithABadSignatureIsRefused() throws Exception {
        Pair p = pair();
        Omemo2Bundle good = p.pythonBundle();
        byte[] signature = good.signedPreKeySignature();
        signature[10] ^= 0x01;
        Omemo2Bundle forged = new Omemo2Bundle(good.identityKey(), good.signedPreKeyId(), good.signedPreKey(), signature,
                good.preKeys());
        assertThrows(Omemo2Exception.BadSignature.class, () -> p.java().device().buildSession(p.pythonId(), forged));
    }

    @Test
    void theIdentityKeyAndItsSignaturesMatchPythonXeddsaByteForByte() throws Exception {
        for (int i = 0; i < 5; i++) {
            Omemo2Identity identity = Omemo2Identity.generate();
            byte[] message = Curve25519.publicKey(Curve25519.generatePrivateKey(new java.security.SecureRandom()));
            var keys = python.keys(identity.seed(), message, identity.sign(message));
            assertArrayEquals(TwomemoPeer.bytes(keys.get("ed25519")), identity.publicKey(), "Ed25519 public key");
            assertArrayEquals(TwomemoPeer.bytes(keys.get("ed25519_from_priv")), identity.publicKey(),
                    "python-omemo publishes priv_to_ed25519_pub(seed_to_priv(seed)): the same key");
            assertArrayEquals(TwomemoPeer.bytes(keys.get("curve25519")), identity.curve25519PublicKey(),
                    "the X25519 key of the same scalar");
            assertArrayEquals(TwomemoPeer.bytes(keys.get("converted")), Curve25519.ed25519ToX25519(identity.publicKey()),
                    "the birational map");
            assertTrue(keys.get("verifies").asBoolean(), "python verifies our Ed25519 signature");
        }
    }

    @Test
    void aPeerWithACurve25519IdentityAndXeddsaSignaturesInteroperates() throws Exception {
        int pythonId = IDS.incrementAndGet();
        String name = "xeddsa" + pythonId;
        byte[] curve25519Private = Curve25519.generatePrivateKey(new java.security.SecureRandom());
        org.bouncycastle.math.ec.rfc7748.X25519.clampPrivateKey(curve25519Private); // as libsignal stores them
        Omemo2Bundle bundle = python.createWithCurve25519Identity(name, curve25519Private);
        JavaDevice java = new JavaDevice(IDS.incrementAndGet());
        JavaDevice.Message hello = java.send(pythonId, text("to a libsignal-style identity"), bundle);
        assertArrayEquals(text("to a libsignal-style identity"),
                python.decrypt(name, java.id, hello.key(), hello.payload()).plaintext());
        TwomemoPeer.Sent answer = python.encrypt(name, java.id, text("answer"), null);
        assertArrayEquals(text("answer"), java.receive(pythonId, answer.key(), answer.kex(), answer.payload()));
    }

    @Test
    void pythonCanStillUseAJavaBundleWhoseSignedPreKeyWasJustRotated() throws Exception {
        MutableClock clock = new MutableClock();
        JavaDevice java = new JavaDevice(IDS.incrementAndGet(), clock);
        Omemo2Bundle old = java.bundle();
        Omemo2Device device = java.device();
        clock.advance(Omemo2Device.SIGNED_PRE_KEY_ROTATION);
        assertTrue(device.maintain());
        java.save(device);
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
        assertTrue(ours.key().keyExchange());
        assertTrue(p.java().session(p.pythonId()).initiatedByUs());

        TwomemoPeer.Sent theirs = python.encrypt(p.pythonName(), p.java().id, text("python was faster"), p.java().bundle());
        JavaDevice.Received received = p.java().receiveFull(p.pythonId(), theirs.key(), true, theirs.payload());
        assertArrayEquals(text("python was faster"), received.plaintext());
        assertTrue(received.decrypted().newSession(), "python's key exchange replaces our unanswered session");
        assertFalse(p.java().session(p.pythonId()).initiatedByUs());

        JavaDevice.Message answer = p.java().send(p.pythonId(), text("answer on python's session"), null);
        assertFalse(answer.key().keyExchange());
        assertArrayEquals(text("answer on python's session"),
                python.decrypt(p.pythonName(), p.java().id, answer.key(), answer.payload()).plaintext());
    }
}
