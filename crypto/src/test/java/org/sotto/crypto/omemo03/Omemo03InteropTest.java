package org.sotto.crypto.omemo03;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.sotto.crypto.AuthenticationFailedException;
import org.sotto.crypto.BadSignatureException;
import org.sotto.crypto.Bundle;
import org.sotto.crypto.DecryptedKey;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.DeviceIdentity;
import org.sotto.crypto.DuplicateMessageException;
import org.sotto.crypto.EncryptedKey;
import org.sotto.crypto.EncryptedPayload;
import org.sotto.crypto.IdentityChangedException;
import org.sotto.crypto.InvalidKeyLengthException;
import org.sotto.crypto.MalformedMessageException;
import org.sotto.crypto.NoSessionException;
import org.sotto.crypto.OmemoException;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.TrustLevel;

/** OMEMO 0.3 against the real python-omemo 1.0 (oldmemo): bundles, sessions and messages in both directions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Omemo03InteropTest {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private OldmemoPeer peer;

    @BeforeAll
    void startPeer() throws Exception {
        peer = OldmemoPeer.start();
    }

    @AfterAll
    void stopPeer() throws Exception {
        peer.close();
    }

    private PythonDevice python(String jid, int deviceId) {
        return new PythonDevice(peer, "py" + NAMES.incrementAndGet(), new DeviceAddress(jid, deviceId), null);
    }

    /** Java starts the session from python's bundle; python has our bundle (as it would download it). */
    private void javaStarts(JavaDevice sotto, PythonDevice py) throws Exception {
        sotto.protocol.buildSession(py.address, py.bundle());
        py.learn(sotto.address, sotto.protocol.ownBundle());
    }

    @Test
    void identityDerivesFromTheSeedExactlyAsPythonOmemo() throws Exception {
        SecureRandom random = new SecureRandom();
        boolean[] signSeen = new boolean[2];
        for (int i = 0; i < 64 && !(signSeen[0] && signSeen[1]); i++) {
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            DeviceIdentity identity = DeviceIdentity.fromSeed(seed);
            JsonNode python = peer.call(OldmemoPeer.request("derive").put("seed", OldmemoPeer.b64(seed)));
            assertEquals(python.get("priv").asText(), HexFormat.of().formatHex(identity.x25519PrivateKey()));
            assertEquals(python.get("ed25519").asText(), HexFormat.of().formatHex(identity.ed25519PublicKey()));
            assertEquals(python.get("curve25519").asText(), HexFormat.of().formatHex(identity.curve25519PublicKey()));
            signSeen[(identity.ed25519PublicKey()[31] & 0x80) == 0 ? 0 : 1] = true;
        }
        assertTrue(signSeen[0] && signSeen[1], "both signs of the Ed25519 key were tried");
    }

    @Test
    void pythonReadsOurBundleAsOurEd25519IdentityAndFingerprint() throws Exception {
        PythonDevice py = python("bob@py.test", 4242);
        boolean[] signSeen = new boolean[2];
        for (int i = 0; i < 64 && !(signSeen[0] && signSeen[1]); i++) {
            JavaDevice sotto = new JavaDevice("alice@java.test");
            JsonNode learnt = py.learn(sotto.address, sotto.protocol.ownBundle());
            byte[] ed25519 = sotto.store.loadOwnIdentity().map(o -> {
                try {
                    return DeviceIdentity.fromSeed(o.identitySeed()).ed25519PublicKey();
                } catch (InvalidKeyLengthException e) {
                    throw new AssertionError(e);
                }
            }).orElseThrow();
            // the sign bit travels in the signed prekey signature: python recovers our exact Ed25519 key
            assertEquals(HexFormat.of().formatHex(ed25519), learnt.get("ed25519").asText());
            assertEquals(sotto.protocol.ownFingerprint().display(), learnt.get("fingerprint").asText());
            signSeen[(ed25519[31] & 0x80) == 0 ? 0 : 1] = true;
        }
        assertTrue(signSeen[0] && signSeen[1], "both signs of the Ed25519 key were tried");
    }

    @Test
    void ourFingerprintOfAPythonBundleIsPythonsOwn() throws Exception {
        PythonDevice py = python("bob@py.test", 77);
        Bundle bundle = py.bundle();
        assertEquals(py.created.get("fingerprint").asText(), bundle.identityFingerprint().display());
        assertEquals(100, bundle.preKeys().size());
        assertEquals(100, new JavaDevice("alice@java.test").protocol.ownBundle().preKeys().size());
    }

    @Test
    void javaStartsTheSessionAndBothSidesTalk() throws Exception {
        JavaDevice sotto = new JavaDevice("alice@java.test");
        PythonDevice py = python("bob@py.test", 1001);
        javaStarts(sotto, py);

        JavaDevice.Sent first = sotto.send("hello from Sotto", List.of(py.address));
        assertTrue(first.keyFor(py.address.deviceId()).preKey());
        assertEquals(0x33, first.keyFor(py.address.deviceId()).data()[0], "version 3 as OMEMO 0.3 peers write it");
        assertEquals("hello from Sotto", py.receive(sotto.address, first.payload(), first.keyFor(py.address.deviceId())));

        JsonNode reply = py.send("hello from python-omemo", List.of(sotto.address));
        assertFalse(OldmemoPeer.keyFor(reply, sotto.address.deviceId()).preKey(), "python answers in the session we built");
        assertEquals("hello from python-omemo", sotto.receive(py.address, OldmemoPeer.payload(reply),
                OldmemoPeer.keyFor(reply, sotto.address.deviceId())));

        JavaDevice.Sent second = sotto.send("now without prekey", List.of(py.address));
        assertFalse(second.keyFor(py.address.deviceId()).preKey(), "the answer confirmed the session");
        assertEquals(0x33, second.keyFor(py.address.deviceId()).data()[0]);
        assertEquals("now without prekey", py.receive(sotto.address, second.payload(),
                second.keyFor(py.address.deviceId())));
        assertEquals(TrustLevel.TRUSTED_BLIND, sotto.store.loadTrust(py.address).orElseThrow().level());
    }

    @Test
    void pythonStartsTheSessionFromOurBundle() throws Exception {
        JavaDevice sotto = new JavaDevice("alice@java.test");
        PythonDevice py = python("bob@py.test", 1002);
        Bundle ours = sotto.protocol.ownBundle();
        py.learn(sotto.address, ours);

        JsonNode first = py.send("hi Sotto", List.of(sotto.address));
        EncryptedKey key = OldmemoPeer.keyFor(first, sotto.address.deviceId());
        assertTrue(key.preKey());
        DecryptedKey decrypted = sotto.protocol.decryptKey(py.address, key);
        assertTrue(decrypted.newSession());
        assertEquals(py.created.get("fingerprint").asText(), decrypted.senderIdentity().display());
        assertEquals("hi Sotto", new String(sotto.protocol.decryptPayload(OldmemoPeer.payload(first),
                decrypted.keyMaterial()), StandardCharsets.UTF_8));
        assertEquals(99, sotto.store.loadPreKeys(OmemoVersion.V0_3).size(), "the used one-time prekey is gone");

        // python keeps sending key exchanges until it hears from us; the existing session takes them
        JsonNode second = py.send("still unconfirmed", List.of(sotto.address));
        DecryptedKey again = sotto.protocol.decryptKey(py.address, OldmemoPeer.keyFor(second, sotto.address.deviceId()));
        assertFalse(again.newSession());

        JavaDevice.Sent reply = sotto.send("hi python", List.of(py.address));
        assertFalse(reply.keyFor(py.address.deviceId()).preKey());
        assertEquals("hi python", py.receive(sotto.address, reply.payload(), reply.keyFor(py.address.deviceId())));
        JsonNode third = py.send("confirmed", List.of(sotto.address));
        assertFalse(OldmemoPeer.keyFor(third, sotto.address.deviceId()).preKey());
        assertEquals("confirmed", sotto.receive(py.address, OldmemoPeer.payload(third),
                OldmemoPeer.keyFor(third, sotto.address.deviceId())));
    }

    @Test
    void messagesOutOfOrderBothWays() throws Exception {
        JavaDevice sotto = new JavaDevice("alice@java.test");
        PythonDevice py = python("bob@py.test", 1003);
        javaStarts(sotto, py);
        JavaDevice.Sent hello = sotto.send("hello", List.of(py.address));
        py.receive(sotto.address, hello.payload(), hello.keyFor(py.address.deviceId()));

        Random random = new Random(42);
        List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7));
        Collections.shuffle(order, random);
        List<JsonNode> fromPython = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            fromPython.add(py.send("py " + i, List.of(sotto.address)));
        }
        for (int i : order) {
            JsonNode message = fromPython.get(i);
            assertEquals("py " + i, sotto.receive(py.address, OldmemoPeer.payload(message),
                    OldmemoPeer.keyFor(message, sotto.address.deviceId())));
        }
        List<JavaDevice.Sent> fromJava = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            fromJava.add(sotto.send("java " + i, List.of(py.address)));
        }
        Collections.shuffle(order, random);
        for (int i : order) {
            JavaDevice.Sent message = fromJava.get(i);
            assertEquals("java " + i, py.receive(sotto.address, message.payload(), message.keyFor(py.address.deviceId())));
        }
    }

    @Test
    void theLastMessageOfAChainArrivingAfterTheNextChainStillDecrypts() throws Exception {
        JavaDevice sotto = new JavaDevice("alice@java.test");
        PythonDevice py = python("bob@py.test", 1012);
        javaStarts(sotto, py);
        JavaDevice.Sent hello = sotto.send("hello", List.of(py.address));
        py.receive(sotto.address, hello.payload(), hello.keyFor(py.address.deviceId()));
        JsonNode answer = py.send("answer", List.of(sotto.address));
        sotto.receive(py.address, OldmemoPeer.payload(answer), OldmemoPeer.keyFor(answer, sotto.address.deviceId()));

        // a new sending chain: python sees its first message, not its last
        JavaDevice.Sent seen = sotto.send("first of the chain", List.of(py.address));
        JavaDevice.Sent late = sotto.send("last of the chain", List.of(py.address));
        py.receive(sotto.address, seen.payload(), seen.keyFor(py.address.deviceId()));
        JsonNode ratchet = py.send("ratchet", List.of(sotto.address));
        sotto.receive(py.address, OldmemoPeer.payload(ratchet), OldmemoPeer.keyFor(ratchet, sotto.address.deviceId()));
        JavaDevice.Sent early = sotto.send("first of the next chain", List.of(py.address));

        assertEquals("first of the next chain", py.receive(sotto.address, early.payload(),
                early.keyFor(py.address.deviceId())));
        assertEquals("last of the chain", py.receive(sotto.address, late.payload(), late.keyFor(py.address.deviceId())));
    }

    @Test
    void keyTransportMessagesBothWays() throws Exception {
        JavaDevice sotto = new JavaDevice("alice@java.test");
        PythonDevice py = python("bob@py.test", 1004);
        javaStarts(sotto, py);

        JavaDevice.Sent empty = sotto.send(null, List.of(py.address));
        assertTrue(empty.payload().isEmpty());
        JsonNode received = py.tryReceive(sotto.address, empty.payload(), empty.keyFor(py.address.deviceId()));
        assertTrue(received.get("ok").asBoolean(), () -> received.toString());
        assertTrue(received.get("plaintext").isNull());
        assertArrayEquals(empty.keyMaterial(), Base64.getDecoder().decode(received.get("key_material").asText()));

        JsonNode fromPython = py.send(null, List.of(sotto.address));
        assertTrue(fromPython.get("payload").isNull());
        DecryptedKey key = sotto.protocol.decryptKey(py.address, OldmemoPeer.keyFor(fromPython, sotto.address.deviceId()));
        assertArrayEquals(Base64.getDecoder().decode(fromPython.get("key_material").asText()), key.keyMaterial());
        assertThrows(MalformedMessageException.class,
                () -> sotto.protocol.decryptPayload(OldmemoPeer.payload(fromPython), key.keyMaterial()));
    }

    @Test
    void aReplayedPreKeyMessageIsDetectedAndTheSessionLivesOn() throws Exception {
        JavaDevice sotto = new JavaDevice("alice@java.test");
        PythonDevice py = python("bob@py.test", 1005);
        py.learn(sotto.address, sotto.protocol.ownBundle());
        JsonNode first = py.send("once", List.of(sotto.address));
        EncryptedKey key = OldmemoPeer.keyFor(first, sotto.address.deviceId());
        assertEquals("once", sotto.receive(py.address, OldmemoPeer.payload(first), key));
        byte[] session = sotto.store.loadSession(py.address, OmemoVersion.V0_3).orElseThrow();

        assertThrows(DuplicateMessageException.class, () -> sotto.protocol.decryptKey(py.address, key));
        assertArrayEquals(session, sotto.store.loadSession(py.address, OmemoVersion.V0_3).orElseThrow());

        JsonNode next = py.send("twice? no, next", List.of(sotto.address));
        assertEquals("twice? no, next", sotto.receive(py.address, OldmemoPeer.payload(next),
                OldmemoPeer.keyFor(next, sotto.address.deviceId())));
    }

    @Test
    void aPreKeyMessageReplayedLongAfterIsStillRefused() throws Exception {
        JavaDevice sotto = new JavaDevice("alice@java.test");
        PythonDevice py = python("bob@py.test", 1014);
        py.learn(sotto.address, sotto.protocol.ownBundle());
        JsonNode first = py.send("once", List.of(sotto.address));
        EncryptedKey key = OldmemoPeer.keyFor(first, sotto.address.deviceId());
        sotto.receive(py.address, OldmemoPeer.payload(first), key);
        for (int round = 0; round < 8; round++) { // eight ratchet steps each way: the first chain is long gone
            JavaDevice.Sent ours = sotto.send("ours " + round, List.of(py.address));
            py.receive(sotto.address, ours.payload(), ours.keyFor(py.address.deviceId()));
            JsonNode theirs = py.send("theirs " + round, List.of(sotto.address));
            sotto.receive(py.address, OldmemoPeer.payload(theirs), OldmemoPeer.keyFor(theirs, sotto.address.deviceId()));
        }
        byte[] session = sotto.store.loadSession(py.address, OmemoVersion.V0_3).orElseThrow();
        OmemoException refused = assertThrows(OmemoException.class, () -> sotto.protocol.decryptKey(py.address, key));
        assertTrue(refused instanceof DuplicateMessageException || refused instanceof AuthenticationFailedException,
                refused.toString());
        assertArrayEquals(session, sotto.store.loadSession(py.address, OmemoVersion.V0_3).orElseThrow());
        JsonNode next = py.send("still talking", List.of(sotto.address));
        assertEquals("still talking", sotto.receive(py.address, OldmemoPeer.payload(next),
                OldmemoPeer.keyFor(next, sotto.address.deviceId())));
    }

    @Test
    void pythonRefusesAReplayOfOurMessagesToo() throws Exception {
        JavaDevice sotto = new JavaDevice("alice@java.test");
        PythonDevice py = python("bob@py.test", 1006);
        javaStarts(sotto, py);
        JavaDevice.Sent hello = sotto.send("hello", List.of(py.address));
        py.receive(sotto.address, hello.payload(), hello.keyFor(py.address.deviceId()));
        assertFalse(py.tryReceive(sotto.address, hello.payload(), hello.keyFor(py.address.deviceId()))
                .get("ok").asBoolean());
    }

    @Test
    void aFailedDecryptionLeavesTheSessionExactlyAsItWas() throws Exception {
        JavaDevice sotto = new JavaDevice("alice@java.test");
        PythonDevice py = python("bob@py.test", 1007);
        javaStarts(sotto, py);
        JavaDevice.Sent hello = sotto.send("hello", List.of(py.address));
        py.receive(sotto.address, hello.payload(), hello.keyFor(py.address.deviceId()));

        JsonNode message = py.send("intact", List.of(sotto.address));
        EncryptedKey key = OldmemoPeer.keyFor(message, sotto.address.deviceId());
        byte[] tampered = key.data();
        tampered[tampered.length - 1] ^= 1; // the truncated MAC
        byte[] before = sotto.store.loadSession(py.address, OmemoVersion.V0_3).orElseThrow();
        assertThrows(AuthenticationFailedException.class,
                () -> sotto.protocol.decryptKey(py.address, new EncryptedKey(key.recipientDeviceId(), tampered, false)));
        assertArrayEquals(before, sotto.store.loadSession(py.address, OmemoVersion.V0_3).orElseThrow());

        // a payload that fails its GCM tag leaves the session alone as well: the key element was not the problem
        byte[] keyMaterial = sotto.protocol.decryptKey(py.address, key).keyMaterial();
        byte[] ciphertext = OldmemoPeer.payload(message).ciphertext();
        ciphertext[0] ^= 1;
        assertThrows(AuthenticationFailedException.class, () -> sotto.protocol.decryptPayload(
                new EncryptedPayload(OldmemoPeer.payload(message).iv(), ciphertext), keyMaterial));
        assertEquals("intact", new String(sotto.protocol.decryptPayload(OldmemoPeer.payload(message), keyMaterial),
                StandardCharsets.UTF_8));
    }

    @Test
    void aTamperedPreKeyMessageBuildsNoSessionAndKeepsThePreKey() throws Exception {
        JavaDevice sotto = new JavaDevice("alice@java.test");
        PythonDevice py = python("bob@py.test", 1008);
        py.learn(sotto.address, sotto.protocol.ownBundle());
        JsonNode first = py.send("once", List.of(sotto.address));
        EncryptedKey key = OldmemoPeer.keyFor(first, sotto.address.deviceId());
        byte[] tampered = flipLastByteOfInnerMessage(key.data());
        assertThrows(AuthenticationFailedException.class,
                () -> sotto.protocol.decryptKey(py.address, new EncryptedKey(key.recipientDeviceId(), tampered, true)));
        assertFalse(sotto.protocol.hasSession(py.address));
        assertEquals(100, sotto.store.loadPreKeys(OmemoVersion.V0_3).size());
        assertTrue(sotto.store.loadTrust(py.address).isEmpty(), "no identity recorded from a message that failed");
        assertEquals("once", sotto.receive(py.address, OldmemoPeer.payload(first), key));
    }

    @Test
    void aKnownDeviceWithANewIdentityKeyIsRefused() throws Exception {
        JavaDevice sotto = new JavaDevice("alice@java.test");
        PythonDevice py = python("bob@py.test", 1009);
        javaStarts(sotto, py);
        // the same JID and device id, but a new identity key (a reinstall reusing the id, or an attacker)
        PythonDevice impostor = python("bob@py.test", 1009);
        impostor.learn(sotto.address, sotto.protocol.ownBundle());
        JsonNode message = impostor.send("it's me, really", List.of(sotto.address));
        IdentityChangedException refused = assertThrows(IdentityChangedException.class,
                () -> sotto.protocol.decryptKey(py.address, OldmemoPeer.keyFor(message, sotto.address.deviceId())));
        assertEquals(py.bundle().identityFingerprint(), refused.known());
        assertEquals(py.bundle().identityFingerprint(), sotto.store.loadTrust(py.address).orElseThrow().identity());
        assertThrows(IdentityChangedException.class, () -> sotto.protocol.buildSession(py.address, impostor.bundle()));
    }

    @Test
    void malformedInputsGiveTypedErrors() throws Exception {
        JavaDevice sotto = new JavaDevice("alice@java.test");
        PythonDevice py = python("bob@py.test", 1010);
        Bundle bundle = py.bundle();

        byte[] signature = bundle.signedPreKeySignature();
        signature[5] ^= 1;
        Bundle forged = new Bundle(OmemoVersion.V0_3, bundle.signedPreKeyId(), bundle.signedPreKey(), signature,
                bundle.identityKey(), bundle.preKeys());
        assertThrows(BadSignatureException.class, () -> sotto.protocol.buildSession(py.address, forged));
        assertFalse(sotto.protocol.hasSession(py.address));

        Bundle shortKey = new Bundle(OmemoVersion.V0_3, bundle.signedPreKeyId(),
                Arrays.copyOf(bundle.signedPreKey(), 32), bundle.signedPreKeySignature(),
                bundle.identityKey(), bundle.preKeys());
        assertThrows(InvalidKeyLengthException.class, () -> sotto.protocol.buildSession(py.address, shortKey));

        assertThrows(NoSessionException.class, () -> sotto.protocol.encryptKey(py.address, new byte[32]));
        py.learn(sotto.address, sotto.protocol.ownBundle());
        JsonNode message = py.send("x", List.of(sotto.address));
        EncryptedKey key = OldmemoPeer.keyFor(message, sotto.address.deviceId());
        assertThrows(MalformedMessageException.class, () -> sotto.protocol.decryptKey(py.address,
                new EncryptedKey(key.recipientDeviceId(), key.data(), false)), "a PreKey message is no SignalMessage");
        byte[] truncated = Arrays.copyOf(key.data(), 20);
        assertThrows(MalformedMessageException.class, () -> sotto.protocol.decryptKey(py.address,
                new EncryptedKey(key.recipientDeviceId(), truncated, true)));
        byte[] keyMaterial = sotto.protocol.decryptKey(py.address, key).keyMaterial();
        assertThrows(InvalidKeyLengthException.class, () -> sotto.protocol.decryptPayload(OldmemoPeer.payload(message),
                Arrays.copyOf(keyMaterial, 24)));
        assertThrows(MalformedMessageException.class, () -> sotto.protocol.decryptPayload(
                new EncryptedPayload(new byte[7], OldmemoPeer.payload(message).ciphertext()), keyMaterial));
    }

    @Test
    void aMessageWithoutSessionGivesNoSession() throws Exception {
        JavaDevice sotto = new JavaDevice("alice@java.test", 5150);
        PythonDevice py = python("bob@py.test", 1011);
        javaStarts(sotto, py);
        JavaDevice.Sent hello = sotto.send("hello", List.of(py.address));
        py.receive(sotto.address, hello.payload(), hello.keyFor(py.address.deviceId()));
        JsonNode message = py.send("in the session", List.of(sotto.address));
        EncryptedKey key = OldmemoPeer.keyFor(message, sotto.address.deviceId());
        assertFalse(key.preKey());

        JavaDevice reinstalled = new JavaDevice("alice@java.test", 5150); // same id, no sessions
        assertThrows(NoSessionException.class, () -> reinstalled.protocol.decryptKey(py.address, key));
    }

    @Test
    void aMessageTooFarAheadIsRefusedWithoutComputingThousandsOfKeys() throws Exception {
        JavaDevice sotto = new JavaDevice("alice@java.test");
        PythonDevice py = python("bob@py.test", 1013);
        javaStarts(sotto, py);
        JavaDevice.Sent hello = sotto.send("hello", List.of(py.address));
        py.receive(sotto.address, hello.payload(), hello.keyFor(py.address.deviceId()));
        JsonNode message = py.send("far ahead", List.of(sotto.address));
        byte[] data = OldmemoPeer.keyFor(message, sotto.address.deviceId()).data();
        // counter (field 2) 100 000: libsignal bounds the skipped keys per message at 25 000
        UnknownFieldSet fields = UnknownFieldSet.parseFrom(Arrays.copyOfRange(data, 1, data.length - 8));
        byte[] body = UnknownFieldSet.newBuilder(fields).clearField(2)
                .addField(2, UnknownFieldSet.Field.newBuilder().addVarint(100_000).build()).build().toByteArray();
        byte[] forged = new byte[1 + body.length + 8];
        forged[0] = data[0];
        System.arraycopy(body, 0, forged, 1, body.length);
        byte[] before = sotto.store.loadSession(py.address, OmemoVersion.V0_3).orElseThrow();
        OmemoException refused = assertThrows(OmemoException.class, () -> sotto.protocol.decryptKey(py.address,
                new EncryptedKey(sotto.address.deviceId(), forged, false)));
        assertTrue(refused instanceof MalformedMessageException || refused instanceof AuthenticationFailedException,
                refused.toString());
        assertArrayEquals(before, sotto.store.loadSession(py.address, OmemoVersion.V0_3).orElseThrow());
    }

    /** Flips the last byte (the MAC) of the SignalMessage inside a PreKeySignalMessage (field 4). */
    static byte[] flipLastByteOfInnerMessage(byte[] preKeyMessage) throws Exception {
        UnknownFieldSet fields = UnknownFieldSet.parseFrom(Arrays.copyOfRange(preKeyMessage, 1, preKeyMessage.length));
        byte[] inner = fields.getField(4).getLengthDelimitedList().get(0).toByteArray();
        inner[inner.length - 1] ^= 1;
        byte[] body = UnknownFieldSet.newBuilder(fields).clearField(4)
                .addField(4, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFrom(inner)).build())
                .build().toByteArray();
        byte[] result = new byte[body.length + 1];
        result[0] = preKeyMessage[0];
        System.arraycopy(body, 0, result, 1, body.length);
        return result;
    }
}
