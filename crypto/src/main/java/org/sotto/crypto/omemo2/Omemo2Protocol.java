package org.sotto.crypto.omemo2;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.sotto.crypto.Bundle;
import org.sotto.crypto.DecryptedKey;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.DeviceIdentity;
import org.sotto.crypto.EncryptedKey;
import org.sotto.crypto.EncryptedPayload;
import org.sotto.crypto.Fingerprint;
import org.sotto.crypto.InvalidKeyLengthException;
import org.sotto.crypto.MalformedMessageException;
import org.sotto.crypto.NoSessionException;
import org.sotto.crypto.OmemoException;
import org.sotto.crypto.OmemoProtocol;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.PayloadEncryption;
import org.sotto.crypto.PreKeyMaintenance;
import org.sotto.crypto.TrustManager;
import org.sotto.crypto.spi.OmemoStore;
import org.sotto.crypto.spi.OwnIdentity;
import org.sotto.crypto.spi.PreKeyPair;
import org.sotto.crypto.spi.SignedPreKeyPair;

/**
 * OMEMO 2 ({@code urn:xmpp:omemo:2}) over the shared store SPI: the device's one identity ({@link DeviceIdentity},
 * Ed25519 form), prekeys and signed prekeys kept by {@link PreKeyMaintenance} (signed with plain Ed25519 over the
 * raw 32-byte key), sessions stored as {@link Omemo2Session#toBytes()} under (device, {@link OmemoVersion#V2}),
 * and identity checks against the trust records: a known device id presenting another identity key fails with
 * {@link org.sotto.crypto.IdentityChangedException}.
 *
 * <p>Every operation works on sessions freshly read from their bytes and writes to the store only after it
 * succeeded, so a failed decryption leaves the stored session, the prekeys and the trust records as they were.
 * Operations are serialised on the instance (one instance per account), as for OMEMO 0.3.
 */
public final class Omemo2Protocol implements OmemoProtocol {
    private static final OmemoVersion V = OmemoVersion.V2;

    private final DeviceAddress ownDevice;
    private final DeviceIdentity identity;
    private final OmemoStore store;
    private final TrustManager trust;
    private final PreKeyMaintenance preKeys;
    private final PreKeySource preKeySource;
    private final Map<ByteBuffer, Fingerprint> fingerprints = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Fingerprint> eldest) {
            return size() > 1024;
        }
    };

    public Omemo2Protocol(String ownBareJid, OwnIdentity own, OmemoStore store, Clock clock,
                          PreKeyMaintenance.Policy policy) throws InvalidKeyLengthException {
        this.ownDevice = new DeviceAddress(ownBareJid, own.deviceId());
        this.identity = DeviceIdentity.fromSeed(own.identitySeed());
        this.store = store;
        this.trust = new TrustManager(store);
        // XEP-0384: the signature covers the signed prekey's 32-byte public key as it is published
        this.preKeys = new PreKeyMaintenance(V, store, store, clock, policy, identity::signEd25519);
        this.preKeySource = new PreKeySource() {
            @Override
            public byte[] signedPreKeyPrivate(int id) {
                return store.loadSignedPreKey(V, id).map(SignedPreKeyPair::privateKey).orElse(null);
            }

            @Override
            public byte[] preKeyPrivate(int id) {
                return store.loadPreKey(V, id).map(PreKeyPair::privateKey).orElse(null);
            }
        };
    }

    public Omemo2Protocol(String ownBareJid, OwnIdentity own, OmemoStore store) throws InvalidKeyLengthException {
        this(ownBareJid, own, store, Clock.systemUTC(), PreKeyMaintenance.Policy.defaults(V));
    }

    @Override
    public OmemoVersion version() {
        return V;
    }

    @Override
    public DeviceAddress ownDevice() {
        return ownDevice;
    }

    @Override
    public Fingerprint ownFingerprint() {
        return identity.fingerprint();
    }

    @Override
    public synchronized boolean maintainBundle() {
        return preKeys.maintain();
    }

    @Override
    public synchronized Bundle ownBundle() {
        SignedPreKeyPair signed = preKeys.currentSignedPreKey();
        List<Bundle.PreKey> published = preKeys.preKeys().stream()
                .map(k -> new Bundle.PreKey(k.id(), k.publicKey())).toList();
        return new Bundle(V, signed.id(), signed.publicKey(), signed.signature(), identity.ed25519PublicKey(),
                published);
    }

    @Override
    public synchronized void buildSession(DeviceAddress peer, Bundle bundle) throws OmemoException {
        if (bundle.version() != V) {
            throw new IllegalArgumentException("an OMEMO 2 session needs an OMEMO 2 bundle, got " + bundle.version());
        }
        Fingerprint peerIdentity = bundle.identityFingerprint();
        trust.checkIdentity(peer, peerIdentity); // before the X3DH work: a changed identity is refused at once
        Omemo2Session session = Omemo2Sessions.initiate(identity, peer.deviceId(), bundle);
        trust.observe(peer, peerIdentity);
        Omemo2Session replaced;
        try {
            replaced = load(peer).orElse(null);
        } catch (MalformedMessageException e) {
            replaced = null; // unreadable stored bytes: the new session replaces them, as before
        }
        store.storeSession(peer, V, session.replacing(replaced).toBytes());
    }

    @Override
    public synchronized boolean hasSession(DeviceAddress peer) {
        return store.loadSession(peer, V).isPresent();
    }

    @Override
    public PayloadEncryption encryptPayload(byte[] plaintext) {
        return Omemo2Payload.encrypt(plaintext);
    }

    /** An empty OMEMO message: 32 zero bytes of key material (XEP-0384), no payload. */
    @Override
    public PayloadEncryption keyTransport() {
        return new PayloadEncryption(new EncryptedPayload(null, null), Omemo2Payload.emptyKeyMaterial());
    }

    @Override
    public synchronized EncryptedKey encryptKey(DeviceAddress recipient, byte[] keyMaterial) throws OmemoException {
        if (keyMaterial.length != Omemo2Payload.KEY_MATERIAL_LENGTH && keyMaterial.length != 32) {
            throw new InvalidKeyLengthException("OMEMO 2 key material is 48 bytes (or 32 for an empty message), got "
                    + keyMaterial.length);
        }
        Omemo2Session session = load(recipient)
                .orElseThrow(() -> new NoSessionException("no OMEMO 2 session with " + recipient
                        + "; build one from its bundle"));
        trust.checkIdentity(recipient, fingerprint(session.peerIdentityKey()));
        EncryptedKey key = session.encryptKey(keyMaterial);
        store.storeSession(recipient, V, session.toBytes());
        return key;
    }

    /**
     * Decrypts the key element a sender device addressed to us. A key exchange builds the session passively (or
     * replaces one, or — repeated by a peer that has not heard from us yet — decrypts in the session it built);
     * the one-time prekey it used is deleted once the session is stored. {@link DecryptedKey#sendKeyTransport()}
     * also reports a heartbeat that is due (XEP-0384: after message 53 of a receiving chain).
     */
    @Override
    public synchronized DecryptedKey decryptKey(DeviceAddress sender, EncryptedKey key) throws OmemoException {
        if (key.recipientDeviceId() != ownDevice.deviceId()) {
            throw new IllegalArgumentException("the key element is for device " + key.recipientDeviceId()
                    + ", not for this device " + ownDevice.deviceId());
        }
        Omemo2Sessions.Received received = Omemo2Sessions.receive(identity, sender.deviceId(), load(sender).orElse(null),
                key.data(), key.preKey(), preKeySource);
        Fingerprint senderIdentity = fingerprint(received.session().peerIdentityKey());
        // success: now the writes, the first of which refuses a changed identity before anything is written
        trust.observe(sender, senderIdentity);
        store.storeSession(sender, V, received.session().toBytes());
        if (received.newSession()) {
            store.removePreKey(V, received.usedPreKeyId());
        }
        return new DecryptedKey(received.keyMaterial(), senderIdentity, received.newSession(),
                received.sendEmptyMessage());
    }

    @Override
    public byte[] decryptPayload(EncryptedPayload payload, byte[] keyMaterial) throws OmemoException {
        if (payload.isEmpty()) {
            throw new MalformedMessageException("an empty OMEMO message has no payload to decrypt");
        }
        return Omemo2Payload.decrypt(payload.ciphertext(), keyMaterial);
    }

    /** The fingerprint of a peer's Ed25519 identity; the field inversion it costs is done once per peer key. */
    private Fingerprint fingerprint(byte[] ed25519) throws InvalidKeyLengthException {
        ByteBuffer key = ByteBuffer.wrap(ed25519);
        Fingerprint known = fingerprints.get(key);
        if (known == null) {
            known = Fingerprint.ofEd25519(ed25519);
            fingerprints.put(key, known);
        }
        return known;
    }

    private Optional<Omemo2Session> load(DeviceAddress device) throws MalformedMessageException {
        Optional<byte[]> bytes = store.loadSession(device, V);
        return bytes.isEmpty() ? Optional.empty() : Optional.of(Omemo2Session.fromBytes(bytes.get()));
    }
}
