package org.sotto.crypto.omemo2;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.sotto.crypto.Bundle;
import org.sotto.crypto.DecryptedKey;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.EncryptedKey;
import org.sotto.crypto.EncryptedPayload;
import org.sotto.crypto.Fingerprint;
import org.sotto.crypto.IdentityChangedException;
import org.sotto.crypto.OmemoProtocol;
import org.sotto.crypto.OwnDevices;
import org.sotto.crypto.PayloadEncryption;
import org.sotto.crypto.TrustLevel;
import org.sotto.crypto.TrustManager;
import org.sotto.crypto.TrustRecord;
import org.sotto.crypto.omemo03.OldmemoPeer;
import org.sotto.crypto.omemo03.Omemo03Protocol;
import org.sotto.crypto.omemo03.PythonDevice;
import org.sotto.crypto.spi.OwnIdentity;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;

/**
 * One device, one identity, both versions: one Sotto account store serves {@link Omemo03Protocol} (talking to
 * python-oldmemo) and {@link Omemo2Protocol} (talking to python-twomemo), and a contact device that speaks both
 * (the two python peers given the same identity seed and device id, as one python-omemo SessionManager would be)
 * ends up as one trust record with one fingerprint. Both python libraries show our device with the same
 * fingerprint, whichever version they saw it in.
 */
class OneIdentityBothVersionsTest {
    private static final String ALICE = "alice@sotto.test";

    @Test
    void oneDeviceTalksBothVersionsWithOneFingerprintAndOneTrustRecord() throws Exception {
        InMemoryOmemoStore store = new InMemoryOmemoStore();
        OwnIdentity own = OwnDevices.loadOrCreate(store, Set.of());
        Omemo03Protocol v03 = new Omemo03Protocol(ALICE, own, store);
        Omemo2Protocol v2 = new Omemo2Protocol(ALICE, own, store);
        DeviceAddress alice = v2.ownDevice();
        assertEquals(v03.ownDevice(), alice);
        assertEquals(v03.ownFingerprint(), v2.ownFingerprint());
        assertEquals(v2.ownFingerprint(), v03.ownBundle().identityFingerprint(), "0.3 bundle: the Curve25519 form");
        assertEquals(v2.ownFingerprint(), v2.ownBundle().identityFingerprint(), "OMEMO 2 bundle: the Ed25519 form");

        byte[] bobSeed = new byte[32];
        new SecureRandom().nextBytes(bobSeed);
        DeviceAddress bob = new DeviceAddress("bob@py.test", 4242);
        try (OldmemoPeer oldmemo = OldmemoPeer.start(); TwomemoPeer twomemo = new TwomemoPeer()) {
            PythonDevice bobOld = new PythonDevice(oldmemo, "bob", bob, bobSeed);
            Bundle bobNew = twomemo.createWithSeed("bob", bobSeed);
            Fingerprint bobFingerprint = Fingerprint.parse(bobOld.created.get("fingerprint").asText());
            assertEquals(bobFingerprint, bobOld.bundle().identityFingerprint());
            assertEquals(bobFingerprint, bobNew.identityFingerprint(), "the two python peers are one device");

            // OMEMO 0.3 both ways
            JsonNode learnt = bobOld.learn(alice, v03.ownBundle());
            v03.buildSession(bob, bobOld.bundle());
            PayloadEncryption hello = v03.encryptPayload(text("hello in 0.3"));
            assertEquals("hello in 0.3", bobOld.receive(alice, hello.payload(),
                    v03.encryptKey(bob, hello.keyMaterial())));
            JsonNode reply = bobOld.send("reply in 0.3", List.of(alice));
            assertEquals("reply in 0.3", receive(v03, bob, OldmemoPeer.payload(reply),
                    OldmemoPeer.keyFor(reply, alice.deviceId()), bobFingerprint));

            // OMEMO 2 both ways: the identity bob showed in 0.3 is on record and is the same in OMEMO 2
            v2.buildSession(bob, bobNew);
            PayloadEncryption hello2 = v2.encryptPayload(text("hello in OMEMO 2"));
            EncryptedKey key2 = v2.encryptKey(bob, hello2.keyMaterial());
            TwomemoPeer.Received got = twomemo.decrypt("bob", alice.deviceId(), key2, hello2.payload().ciphertext());
            assertArrayEquals(text("hello in OMEMO 2"), got.plaintext(), () -> "python-twomemo: " + got.error());
            TwomemoPeer.Sent reply2 = twomemo.encrypt("bob", alice.deviceId(), text("reply in OMEMO 2"), null);
            assertEquals("reply in OMEMO 2", receive(v2, bob, new EncryptedPayload(null, reply2.payload()),
                    new EncryptedKey(alice.deviceId(), reply2.key(), reply2.kex()), bobFingerprint));

            // python sees our one identity in both versions: same fingerprint, same Ed25519 key
            JsonNode session2 = twomemo.session("bob", alice.deviceId());
            assertEquals(v2.ownFingerprint().display(), learnt.get("fingerprint").asText(), "python-oldmemo's view");
            assertEquals(v2.ownFingerprint().display(), session2.get("fingerprint").asText(), "python-twomemo's view");
            assertArrayEquals(v2.ownBundle().identityKey(), TwomemoPeer.bytes(session2.get("peer_identity")));
            assertEquals(HexFormat.of().formatHex(v2.ownBundle().identityKey()), learnt.get("ed25519").asText(),
                    "oldmemo recovered our exact Ed25519 key (sign bit included) from the 0.3 bundle");

            // one trust record for bob's device, whichever version; one decision covers both
            assertEquals(List.of(new TrustRecord(bob, bobFingerprint, TrustLevel.TRUSTED_BLIND)),
                    store.loadTrust("bob@py.test"));
            new TrustManager(store).decide(bob, bobFingerprint, TrustLevel.VERIFIED);
            assertEquals(List.of(new TrustRecord(bob, bobFingerprint, TrustLevel.VERIFIED)),
                    store.loadTrust("bob@py.test"));
            PayloadEncryption after = v2.encryptPayload(text("verified"));
            assertArrayEquals(text("verified"), twomemo.decrypt("bob", alice.deviceId(),
                    v2.encryptKey(bob, after.keyMaterial()), after.payload().ciphertext()).plaintext());

            // and a different identity under bob's device id is refused in OMEMO 2 because of what 0.3 recorded
            Bundle impostor = twomemo.create("impostor");
            IdentityChangedException changed = assertThrows(IdentityChangedException.class,
                    () -> v2.buildSession(bob, impostor));
            assertEquals(bobFingerprint, changed.known());
            assertEquals(List.of(new TrustRecord(bob, bobFingerprint, TrustLevel.VERIFIED)),
                    store.loadTrust("bob@py.test"));
        }
    }

    private static String receive(OmemoProtocol protocol, DeviceAddress sender, EncryptedPayload payload,
                                  EncryptedKey key, Fingerprint expectedSender) throws Exception {
        DecryptedKey decrypted = protocol.decryptKey(sender, key);
        assertEquals(expectedSender, decrypted.senderIdentity(), protocol.version() + ": the sender's fingerprint");
        return new String(protocol.decryptPayload(payload, decrypted.keyMaterial()), UTF_8);
    }

    private static byte[] text(String s) {
        return s.getBytes(UTF_8);
    }
}
