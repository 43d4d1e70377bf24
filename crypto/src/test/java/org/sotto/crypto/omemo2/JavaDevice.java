package org.sotto.crypto.omemo2;

import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.sotto.crypto.Bundle;
import org.sotto.crypto.DecryptedKey;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.DeviceIdentity;
import org.sotto.crypto.EncryptedKey;
import org.sotto.crypto.EncryptedPayload;
import org.sotto.crypto.OmemoException;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.PayloadEncryption;
import org.sotto.crypto.PreKeyMaintenance;
import org.sotto.crypto.TrustRecord;
import org.sotto.crypto.spi.OmemoStore;
import org.sotto.crypto.spi.OwnIdentity;
import org.sotto.crypto.spi.PreKeyPair;
import org.sotto.crypto.spi.SignedPreKeyPair;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;

/**
 * A Sotto OMEMO 2 device in tests: {@link Omemo2Protocol} over an in-memory store, so every step goes through the
 * SPI and the session bytes. All devices of a test (Sotto's and python's) share one JID, as in twomemo_peer.py;
 * the device id tells them apart.
 */
final class JavaDevice {
    static final String JID = "peer@sotto.test";
    private static final OmemoVersion V = OmemoVersion.V2;

    final int id;
    final OwnIdentity own;
    final InMemoryOmemoStore store;
    final Omemo2Protocol protocol;
    private final Clock clock;

    JavaDevice(int id, Clock clock) throws OmemoException {
        this(new OwnIdentity(id, DeviceIdentity.generate().seed()), new InMemoryOmemoStore(), clock);
        store.storeOwnIdentity(own);
    }

    JavaDevice(int id) throws OmemoException {
        this(id, Clock.systemUTC());
    }

    private JavaDevice(OwnIdentity own, InMemoryOmemoStore store, Clock clock) throws OmemoException {
        this.id = own.deviceId();
        this.own = own;
        this.store = store;
        this.clock = clock;
        this.protocol = new Omemo2Protocol(JID, own, store, clock, PreKeyMaintenance.Policy.defaults(V));
    }

    static DeviceAddress address(int deviceId) {
        return new DeviceAddress(JID, deviceId);
    }

    DeviceIdentity identity() throws OmemoException {
        return DeviceIdentity.fromSeed(own.identitySeed());
    }

    Bundle bundle() {
        return protocol.ownBundle();
    }

    /** The stored session bytes with a peer device, or null. */
    byte[] sessionBytes(int peer) {
        return store.loadSession(address(peer), V).orElse(null);
    }

    Omemo2Session session(int peer) throws OmemoException {
        byte[] bytes = sessionBytes(peer);
        return bytes == null ? null : Omemo2Session.fromBytes(bytes);
    }

    /** A message for one device: the key element and the payload (null for an empty message). */
    record Message(EncryptedKey key, byte[] payload) {
    }

    /** Encrypts for a peer device, building the session from its bundle when there is none. */
    Message send(int peer, byte[] plaintext, Bundle bundleIfNoSession) throws OmemoException {
        if (!protocol.hasSession(address(peer))) {
            protocol.buildSession(address(peer), bundleIfNoSession);
        }
        PayloadEncryption encryption = plaintext == null ? protocol.keyTransport() : protocol.encryptPayload(plaintext);
        EncryptedKey key = protocol.encryptKey(address(peer), encryption.keyMaterial());
        return new Message(key, plaintext == null ? null : encryption.payload().ciphertext());
    }

    /** Decrypts a key element (and payload if any); returns the plaintext, null for an empty message. */
    byte[] receive(int sender, byte[] key, boolean kex, byte[] payload) throws OmemoException {
        return receiveFull(sender, key, kex, payload).plaintext();
    }

    record Received(byte[] plaintext, DecryptedKey decrypted) {
    }

    Received receiveFull(int sender, byte[] key, boolean kex, byte[] payload) throws OmemoException {
        DecryptedKey decrypted = protocol.decryptKey(address(sender), new EncryptedKey(id, key, kex));
        byte[] plaintext = payload == null ? null
                : protocol.decryptPayload(new EncryptedPayload(null, payload), decrypted.keyMaterial());
        return new Received(plaintext, decrypted);
    }

    /** The same device over a copy of its store: to try something without changing this one. */
    JavaDevice copy(List<Integer> peers) throws OmemoException {
        InMemoryOmemoStore copy = new InMemoryOmemoStore();
        copy.storeOwnIdentity(own);
        store.loadPreKeys(V).forEach(k -> copy.storePreKey(V, k));
        store.loadSignedPreKeys(V).forEach(k -> copy.storeSignedPreKey(V, k));
        for (int peer : peers) {
            store.loadSession(address(peer), V).ifPresent(s -> copy.storeSession(address(peer), V, s));
        }
        store.loadTrust(JID).forEach(copy::storeTrust);
        return new JavaDevice(own, copy, clock);
    }

    /** Everything the store holds for OMEMO 2 (keys, sessions with these peers, trust), to compare before/after. */
    String snapshot(List<Integer> peers) {
        return snapshot(store, peers);
    }

    static String snapshot(OmemoStore store, List<Integer> peers) {
        HexFormat hex = HexFormat.of();
        StringBuilder text = new StringBuilder();
        for (PreKeyPair k : store.loadPreKeys(V)) {
            text.append("pk ").append(k.id()).append(' ').append(hex.formatHex(k.publicKey())).append('\n');
        }
        for (SignedPreKeyPair k : store.loadSignedPreKeys(V)) {
            text.append("spk ").append(k.id()).append(' ').append(hex.formatHex(k.publicKey())).append('\n');
        }
        for (int peer : peers) {
            Optional<byte[]> session = store.loadSession(address(peer), V);
            text.append("session ").append(peer).append(' ').append(session.map(hex::formatHex).orElse("-")).append('\n');
        }
        for (TrustRecord r : store.loadTrust(JID)) {
            text.append("trust ").append(r).append('\n');
        }
        return text.toString();
    }
}
