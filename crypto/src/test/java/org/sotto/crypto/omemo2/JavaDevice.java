package org.sotto.crypto.omemo2;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * A Sotto OMEMO 2 device in tests: the device state and its sessions kept as the bytes a store would hold, so
 * every step also goes through serialisation.
 */
final class JavaDevice {
    final int id;
    private final Omemo2Identity identity = Omemo2Identity.generate();
    private byte[] deviceState;
    private final Clock clock;
    final Map<Integer, byte[]> sessions = new HashMap<>();

    JavaDevice(int id, Clock clock) {
        this.id = id;
        this.clock = clock;
        this.deviceState = Omemo2Device.create(identity, clock).toBytes();
    }

    JavaDevice(int id) {
        this(id, Clock.systemUTC());
    }

    Omemo2Device device() throws Omemo2Exception.Malformed {
        return Omemo2Device.fromBytes(identity, deviceState, clock);
    }

    void save(Omemo2Device device) {
        deviceState = device.toBytes();
    }

    Omemo2Bundle bundle() throws Omemo2Exception.Malformed {
        return device().bundle();
    }

    Omemo2Session session(int peer) throws Omemo2Exception.Malformed {
        byte[] bytes = sessions.get(peer);
        return bytes == null ? null : Omemo2Session.fromBytes(bytes);
    }

    /** A message for one device: the key element and the payload (null for an empty message). */
    record Message(Omemo2EncryptedKey key, byte[] payload) {
    }

    /** Encrypts for a peer device, building the session from its bundle when there is none. */
    Message send(int peer, byte[] plaintext, Omemo2Bundle bundleIfNoSession) throws Omemo2Exception {
        Omemo2Session session = session(peer);
        if (session == null) {
            session = device().buildSession(peer, bundleIfNoSession);
        }
        byte[] payload = null;
        byte[] keyMaterial = Omemo2Payload.emptyKeyMaterial();
        if (plaintext != null) {
            Omemo2Payload.Encrypted encrypted = Omemo2Payload.encrypt(plaintext);
            payload = encrypted.ciphertext();
            keyMaterial = encrypted.keyMaterial();
        }
        Omemo2EncryptedKey key = session.encryptKey(keyMaterial);
        sessions.put(peer, session.toBytes());
        return new Message(key, payload);
    }

    /** Decrypts a key element (and payload if any); returns the plaintext, null for an empty message. */
    byte[] receive(int sender, byte[] key, boolean kex, byte[] payload) throws Omemo2Exception {
        return receiveFull(sender, key, kex, payload).plaintext();
    }

    record Received(byte[] plaintext, Omemo2Device.Decrypted decrypted) {
    }

    Received receiveFull(int sender, byte[] key, boolean kex, byte[] payload) throws Omemo2Exception {
        Omemo2Device device = device();
        Omemo2Device.Decrypted decrypted = device.decryptKey(sender, session(sender), key, kex);
        byte[] plaintext = payload == null ? null : Omemo2Payload.decrypt(payload, decrypted.keyMaterial());
        sessions.put(sender, decrypted.session().toBytes());
        save(device);
        return new Received(plaintext, decrypted);
    }
}
