package org.sotto.crypto.omemo03;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.EncryptedKey;
import org.sotto.crypto.EncryptedPayload;
import org.sotto.crypto.OmemoException;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.TrustRecord;
import org.sotto.crypto.spi.OmemoStore;

/**
 * What a contact's device sends in OMEMO 0.3, fuzzed: the key element (libsignal's {@code SignalMessage} or
 * {@code PreKeySignalMessage}, parsed by libsignal's native code) and the AES-128-GCM payload. Contract: a result or
 * an {@link OmemoException}, never another exception (a libsignal error surfacing as a RuntimeException would drop
 * the message without a trace), and a failed key element leaves the store as it was. The first byte of a key element
 * input chooses PreKeySignalMessage (bit 0) and whether the receiver already has a session (bit 1).
 */
class Omemo03FuzzTest {
    private static JavaDevice alice;
    private static JavaDevice fresh;
    private static JavaDevice withSession;
    /** What the receivers' stores hold (fresh, with a session): a failed input must leave them so. */
    private static final String[] stored = new String[2];

    private static synchronized void setUp() throws OmemoException {
        if (alice != null) {
            return;
        }
        alice = new JavaDevice("alice@sotto.test", 1);
        fresh = new JavaDevice("bob@sotto.test", 2);
        withSession = new JavaDevice("bob@sotto.test", 3);
        alice.protocol.buildSession(fresh.address, fresh.protocol.ownBundle());
        alice.protocol.buildSession(withSession.address, withSession.protocol.ownBundle());
        JavaDevice.Sent first = alice.send("hello", List.of(withSession.address));
        withSession.receive(alice.address, first.payload(), first.keyFor(3));
        stored[0] = snapshot(fresh.store, alice.address);
        stored[1] = snapshot(withSession.store, alice.address);
    }

    @FuzzTest
    void keyElement(byte[] input) throws OmemoException {
        if (input.length == 0) {
            return;
        }
        setUp();
        boolean preKey = (input[0] & 1) != 0;
        boolean session = (input[0] & 2) != 0;
        JavaDevice receiver = session ? withSession : fresh;
        byte[] data = Arrays.copyOfRange(input, 1, input.length);
        try {
            receiver.protocol.decryptKey(alice.address, new EncryptedKey(receiver.address.deviceId(), data, preKey));
            stored[session ? 1 : 0] = snapshot(receiver.store, alice.address); // it changed the store: the new state
        } catch (OmemoException expected) {
            assertEquals(stored[session ? 1 : 0], snapshot(receiver.store, alice.address),
                    "a failed key element changed the store");
        }
    }

    /** Input: IV length selector (bit 0: 12 or 16 bytes), key material length selector (bit 1: 32 or 16), then the rest. */
    @FuzzTest
    void payload(byte[] input) {
        if (input.length < 1 + 16 + 32) {
            return;
        }
        int ivLength = (input[0] & 1) != 0 ? 16 : 12;
        int keyLength = (input[0] & 2) != 0 ? 16 : 32;
        byte[] iv = Arrays.copyOfRange(input, 1, 1 + ivLength);
        byte[] keyMaterial = Arrays.copyOfRange(input, 1 + ivLength, 1 + ivLength + keyLength);
        byte[] ciphertext = Arrays.copyOfRange(input, 1 + ivLength + keyLength, input.length);
        try {
            GcmPayload.decrypt(new EncryptedPayload(iv, ciphertext), keyMaterial);
        } catch (OmemoException expected) {
            // a tag that does not match, or a payload shorter than its tag
        }
    }

    private static String snapshot(OmemoStore store, DeviceAddress peer) {
        HexFormat hex = HexFormat.of();
        OmemoVersion v = OmemoVersion.V0_3;
        StringBuilder text = new StringBuilder();
        store.loadPreKeys(v).forEach(k -> text.append("pk ").append(k.id()).append(hex.formatHex(k.publicKey())).append('\n'));
        store.loadSignedPreKeys(v).forEach(k -> text.append("spk ").append(k.id()).append('\n'));
        text.append("session ").append(store.loadSession(peer, v).map(hex::formatHex).orElse("-")).append('\n');
        for (TrustRecord r : store.loadTrust(peer.bareJid())) {
            text.append("trust ").append(r).append('\n');
        }
        return text.toString();
    }
}
