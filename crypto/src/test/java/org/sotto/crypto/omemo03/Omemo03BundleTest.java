package org.sotto.crypto.omemo03;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.signal.libsignal.protocol.ecc.ECPrivateKey;

import org.sotto.crypto.Bundle;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.DeviceIdentity;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.PreKeyMaintenance;
import org.sotto.crypto.UnknownPreKeyException;
import org.sotto.crypto.spi.OwnIdentity;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;
import org.sotto.testkit.TestClock;

/** Our OMEMO 0.3 bundle: libsignal's signatures from our identity, and the signed prekey's rotation with a peer. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Omemo03BundleTest {
    private OldmemoPeer peer;

    @BeforeAll
    void startPeer() throws Exception {
        peer = OldmemoPeer.start();
    }

    @AfterAll
    void stopPeer() throws Exception {
        peer.close();
    }

    @Test
    void libsignalSignsAsEd25519WithTheSignBitInTheLastByte() throws Exception {
        for (int i = 0; i < 16; i++) {
            DeviceIdentity identity = DeviceIdentity.generate();
            byte[] message = ("signed prekey " + i).getBytes(StandardCharsets.UTF_8);
            byte[] signature = new ECPrivateKey(identity.x25519PrivateKey()).calculateSignature(message);
            assertEquals(identity.ed25519PublicKey()[31] & 0x80, signature[63] & 0x80);
            signature[63] &= 0x7f;
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(identity.ed25519PublicKey(), 0));
            verifier.update(message, 0, message.length);
            assertTrue(verifier.verifySignature(signature), "an XEdDSA signature of our scalar is an Ed25519 one");
        }
    }

    @Test
    void aPeerUsingTheRotatedSignedPreKeyIsServedDuringTheGracePeriodOnly() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-11-23T10:00:00Z"));
        InMemoryOmemoStore store = new InMemoryOmemoStore();
        OwnIdentity own = new OwnIdentity(31337, DeviceIdentity.generate().seed());
        Omemo03Protocol sotto = new Omemo03Protocol("alice@java.test", own, store, clock,
                PreKeyMaintenance.Policy.defaults(OmemoVersion.V0_3));
        Bundle old = sotto.ownBundle();

        PythonDevice early = new PythonDevice(peer, "rot1", new DeviceAddress("bob@py.test", 1), null);
        PythonDevice late = new PythonDevice(peer, "rot2", new DeviceAddress("bob@py.test", 2), null);
        early.learn(sotto.ownDevice(), old);
        late.learn(sotto.ownDevice(), old);

        clock.advance(Duration.ofDays(8));
        assertTrue(sotto.maintainBundle(), "a week later the signed prekey rotates");
        assertNotEquals(old.signedPreKeyId(), sotto.ownBundle().signedPreKeyId());

        JsonNode message = early.send("built on last week's bundle", List.of(sotto.ownDevice()));
        byte[] key = sotto.decryptKey(early.address, OldmemoPeer.keyFor(message, own.deviceId())).keyMaterial();
        assertArrayEquals("built on last week's bundle".getBytes(StandardCharsets.UTF_8),
                sotto.decryptPayload(OldmemoPeer.payload(message), key));

        clock.advance(Duration.ofDays(31));
        sotto.maintainBundle();
        JsonNode tooLate = late.send("built on a bundle from long ago", List.of(sotto.ownDevice()));
        assertThrows(UnknownPreKeyException.class,
                () -> sotto.decryptKey(late.address, OldmemoPeer.keyFor(tooLate, own.deviceId())));
    }
}
