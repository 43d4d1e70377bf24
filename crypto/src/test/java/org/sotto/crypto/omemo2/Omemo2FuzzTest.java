package org.sotto.crypto.omemo2;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.sotto.crypto.OmemoException;

/**
 * What a contact's device sends in OMEMO 2, fuzzed: the key element (an {@code OMEMOKeyExchange} or
 * {@code OMEMOAuthenticatedMessage} protobuf) and the payload. Contract: a result or an {@link OmemoException}, never
 * another exception, and a failure leaves the store (prekeys, sessions, trust) exactly as it was. The first byte of a
 * key element input chooses kex or not (bit 0) and whether the receiver already has a session (bit 1).
 * Seeds (genuine protobufs of this structure from another run): {@code Omemo2FuzzTestInputs}.
 */
class Omemo2FuzzTest {
    private static final int SENDER = 1;
    private static final int KEY_LENGTH = 32;
    private static final List<Integer> PEERS = List.of(SENDER);
    private static Receiver fresh;
    private static Receiver withSession;

    /**
     * A receiving device and what its store holds. A failed input must leave the store as it was, so the next input
     * can start from it; one that succeeds (changes the store) has the device started again from its pristine copy.
     */
    private static final class Receiver {
        private final JavaDevice pristine;
        private JavaDevice device;
        private String stored;

        Receiver(JavaDevice pristine) throws OmemoException {
            this.pristine = pristine;
            reset();
        }

        void reset() throws OmemoException {
            device = pristine.copy(PEERS);
            stored = device.snapshot(PEERS);
        }
    }

    private static synchronized void setUp() throws OmemoException {
        if (fresh != null) {
            return;
        }
        JavaDevice alice = new JavaDevice(SENDER);
        JavaDevice bob = new JavaDevice(2);
        JavaDevice.Message kex = alice.send(2, "kex".getBytes(UTF_8), bob.bundle());
        fresh = new Receiver(bob.copy(PEERS));
        bob.receive(SENDER, kex.key().data(), true, kex.payload());
        withSession = new Receiver(bob);
    }

    @FuzzTest
    void keyElement(byte[] input) throws OmemoException {
        if (input.length == 0) {
            return;
        }
        setUp();
        boolean kex = (input[0] & 1) != 0;
        Receiver receiver = (input[0] & 2) != 0 ? withSession : fresh;
        byte[] data = Arrays.copyOfRange(input, 1, input.length);
        try {
            receiver.device.receive(SENDER, data, kex, null);
            receiver.reset();
        } catch (OmemoException expected) {
            assertEquals(receiver.stored, receiver.device.snapshot(PEERS), "a failed key element changed the store");
        }
    }

    /**
     * A payload under key material whose HMAC matches (computed here), so the AES-256-CBC decryption and its padding
     * check run on what the fuzzer chose. Input: 32 bytes of key, then the ciphertext.
     */
    @FuzzTest
    void payload(byte[] input) {
        if (input.length < KEY_LENGTH) {
            return;
        }
        byte[] key = Arrays.copyOf(input, KEY_LENGTH);
        byte[] ciphertext = Arrays.copyOfRange(input, KEY_LENGTH, input.length);
        Primitives.DerivedKeys keys = Primitives.DerivedKeys.derive(key, Primitives.info("OMEMO Payload"));
        byte[] tag = Primitives.truncatedTag(keys.authenticationKey(), ciphertext);
        byte[] keyMaterial = Arrays.copyOf(key, KEY_LENGTH + tag.length);
        System.arraycopy(tag, 0, keyMaterial, KEY_LENGTH, tag.length);
        try {
            byte[] plaintext = Omemo2Payload.decrypt(ciphertext, keyMaterial);
            assertTrue(plaintext.length < ciphertext.length, "PKCS#7 removes at least one byte");
        } catch (OmemoException expected) {
            // not padded correctly, or not a whole number of blocks
        }
    }
}
