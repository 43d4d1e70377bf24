package org.sotto.crypto.omemo03;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.SessionBuilder;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.ecc.Curve;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.message.CiphertextMessage;
import org.signal.libsignal.protocol.message.PreKeySignalMessage;
import org.signal.libsignal.protocol.state.PreKeyBundle;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;
import org.signal.libsignal.protocol.state.impl.InMemorySignalProtocolStore;

/** The pinned libsignal (0.68.1) loads its native library here and still does X3DH without Kyber. */
class LibsignalSmokeTest {

    @Test
    void x3dhWithoutKyberRoundTripsAMessage() throws Exception {
        InMemorySignalProtocolStore alice = new InMemorySignalProtocolStore(IdentityKeyPair.generate(), 1001);
        IdentityKeyPair bobIdentity = IdentityKeyPair.generate();
        InMemorySignalProtocolStore bob = new InMemorySignalProtocolStore(bobIdentity, 2002);

        ECKeyPair preKey = Curve.generateKeyPair();
        ECKeyPair signedPreKey = Curve.generateKeyPair();
        byte[] signature = bobIdentity.getPrivateKey().calculateSignature(signedPreKey.getPublicKey().serialize());
        bob.storePreKey(7, new PreKeyRecord(7, preKey));
        bob.storeSignedPreKey(3, new SignedPreKeyRecord(3, System.currentTimeMillis(), signedPreKey, signature));
        PreKeyBundle bundle = new PreKeyBundle(2002, 1, 7, preKey.getPublicKey(), 3, signedPreKey.getPublicKey(),
                signature, bobIdentity.getPublicKey());

        SignalProtocolAddress bobAddress = new SignalProtocolAddress("bob@localhost", 1);
        new SessionBuilder(alice, bobAddress).process(bundle);
        CiphertextMessage sent = new SessionCipher(alice, bobAddress)
                .encrypt("hello bob".getBytes(StandardCharsets.UTF_8));
        assertEquals(CiphertextMessage.PREKEY_TYPE, sent.getType());

        SessionCipher bobCipher = new SessionCipher(bob, new SignalProtocolAddress("alice@localhost", 1));
        PreKeySignalMessage received = new PreKeySignalMessage(sent.serialize());
        assertArrayEquals("hello bob".getBytes(StandardCharsets.UTF_8), bobCipher.decrypt(received));
        // the same PreKey message again is a replay and must not decrypt twice
        assertThrows(Exception.class, () -> bobCipher.decrypt(new PreKeySignalMessage(sent.serialize())));
    }
}
