package org.sotto.crypto.omemo03;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.InvalidKeyIdException;
import org.signal.libsignal.protocol.InvalidMessageException;
import org.signal.libsignal.protocol.InvalidVersionException;
import org.signal.libsignal.protocol.LegacyMessageException;
import org.signal.libsignal.protocol.SessionBuilder;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.ecc.ECPrivateKey;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.message.CiphertextMessage;
import org.signal.libsignal.protocol.message.PreKeySignalMessage;
import org.signal.libsignal.protocol.message.SignalMessage;
import org.signal.libsignal.protocol.state.PreKeyBundle;
import org.signal.libsignal.protocol.state.SessionRecord;

import org.sotto.crypto.AuthenticationFailedException;
import org.sotto.crypto.BadSignatureException;
import org.sotto.crypto.Bundle;
import org.sotto.crypto.DecryptedKey;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.DeviceIdentity;
import org.sotto.crypto.DuplicateMessageException;
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
import org.sotto.crypto.UnknownPreKeyException;
import org.sotto.crypto.spi.OmemoStore;
import org.sotto.crypto.spi.OwnIdentity;
import org.sotto.crypto.spi.SignedPreKeyPair;

/**
 * OMEMO 0.3 ({@code eu.siacs.conversations.axolotl}) on libsignal 0.68.1: X3DH without Kyber and the Double
 * Ratchet from libsignal (which also bounds the skipped message keys), the AES-128-GCM payload here. The device's
 * identity key pair for libsignal is the X25519 form of the device's Ed25519 identity (see {@link DeviceIdentity});
 * libsignal's XEdDSA signatures carry the Ed25519 sign bit in their last byte, which is how python-omemo
 * recovers our Ed25519 key from an OMEMO 0.3 bundle. libsignal types stay inside this package.
 *
 * <p>Operations on sessions and prekeys are serialised on the instance (one instance per account): a send and a
 * receive must not read the same session at once and both write it back.
 */
public final class Omemo03Protocol implements OmemoProtocol {
    private static final OmemoVersion V = OmemoVersion.V0_3;
    private static final byte KEY_TYPE = 0x05;

    private final DeviceAddress ownDevice;
    private final DeviceIdentity identity;
    private final IdentityKeyPair libsignalIdentity;
    private final byte[] ownIdentity;
    private final OmemoStore store;
    private final TrustManager trust;
    private final PreKeyMaintenance preKeys;
    private final GcmPayload payloads;
    private final SecureRandom random = new SecureRandom();

    public Omemo03Protocol(String ownBareJid, OwnIdentity own, OmemoStore store, Clock clock,
                           PreKeyMaintenance.Policy policy) throws InvalidKeyLengthException {
        NativeLibrary.ensureLoaded(); // a clear message instead of libsignal's ExceptionInInitializerError
        this.ownDevice = new DeviceAddress(ownBareJid, own.deviceId());
        this.identity = DeviceIdentity.fromSeed(own.identitySeed());
        try {
            ECPrivateKey privateKey = new ECPrivateKey(identity.x25519PrivateKey());
            this.libsignalIdentity = new IdentityKeyPair(
                    new IdentityKey(ECPublicKey.fromPublicKeyBytes(identity.curve25519PublicKey())), privateKey);
        } catch (InvalidKeyException e) {
            throw new InvalidKeyLengthException("the identity is not a valid X25519 key", e);
        }
        this.ownIdentity = libsignalIdentity.getPublicKey().serialize();
        this.store = store;
        this.trust = new TrustManager(store);
        this.payloads = new GcmPayload(random);
        ECPrivateKey signingKey = libsignalIdentity.getPrivateKey();
        this.preKeys = new PreKeyMaintenance(V, store, store, clock, policy,
                publicKey -> signingKey.calculateSignature(typed(publicKey)));
    }

    public Omemo03Protocol(String ownBareJid, OwnIdentity own, OmemoStore store) throws InvalidKeyLengthException {
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
                .map(k -> new Bundle.PreKey(k.id(), typed(k.publicKey()))).toList();
        return new Bundle(V, signed.id(), typed(signed.publicKey()), signed.signature(),
                typed(identity.curve25519PublicKey()), published);
    }

    @Override
    public synchronized void buildSession(DeviceAddress peer, Bundle bundle) throws OmemoException {
        if (bundle.version() != V) {
            throw new IllegalArgumentException("an OMEMO 0.3 session needs an OMEMO 0.3 bundle, got " + bundle.version());
        }
        if (bundle.preKeys().isEmpty()) {
            throw new MalformedMessageException("the bundle of " + peer + " has no one-time prekeys");
        }
        if (bundle.signedPreKeySignature().length != 64) {
            throw new InvalidKeyLengthException("a signed prekey signature is 64 bytes, got "
                    + bundle.signedPreKeySignature().length);
        }
        Bundle.PreKey preKey = bundle.preKeys().get(random.nextInt(bundle.preKeys().size()));
        LibsignalStore operation = operation();
        try {
            PreKeyBundle libsignalBundle = new PreKeyBundle(peer.deviceId(), peer.deviceId(), preKey.id(),
                    publicKey(preKey.publicKey(), "one-time prekey"), bundle.signedPreKeyId(),
                    publicKey(bundle.signedPreKey(), "signed prekey"), bundle.signedPreKeySignature(),
                    new IdentityKey(publicKey(bundle.identityKey(), "identity key")));
            new SessionBuilder(operation, operation, operation, operation, address(peer)).process(libsignalBundle);
        } catch (org.signal.libsignal.protocol.UntrustedIdentityException e) {
            throw identityProblem(operation, peer, e);
        } catch (InvalidKeyException e) {
            if (String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("signature")) {
                throw new BadSignatureException("the signed prekey signature in the bundle of " + peer
                        + " does not verify with its identity key", e);
            }
            throw new MalformedMessageException("the bundle of " + peer + " has an invalid key: " + e.getMessage(), e);
        }
        operation.commit();
    }

    @Override
    public synchronized boolean hasSession(DeviceAddress peer) {
        return store.loadSession(peer, V).isPresent();
    }

    @Override
    public PayloadEncryption encryptPayload(byte[] plaintext) {
        return payloads.encrypt(plaintext);
    }

    @Override
    public PayloadEncryption keyTransport() {
        return payloads.keyTransport();
    }

    @Override
    public synchronized EncryptedKey encryptKey(DeviceAddress recipient, byte[] keyMaterial) throws OmemoException {
        LibsignalStore operation = operation();
        CiphertextMessage message;
        byte[] macKey;
        byte[] remoteIdentity;
        try {
            SessionRecord session = operation.loadSession(address(recipient)); // libsignal gets this one again
            if (session == null) {
                throw new NoSessionException("no OMEMO 0.3 session with " + recipient + "; build one from its bundle");
            }
            macKey = Version3Wire.macKey(session.getSenderChainKeyValue());
            remoteIdentity = session.getRemoteIdentityKey().serialize();
            message = cipher(operation, recipient).encrypt(keyMaterial);
        } catch (org.signal.libsignal.protocol.NoSessionException e) {
            throw new NoSessionException("the OMEMO 0.3 session with " + recipient + " cannot send: " + e.getMessage(), e);
        } catch (org.signal.libsignal.protocol.UntrustedIdentityException e) {
            throw identityProblem(operation, recipient, e);
        }
        boolean preKey = message.getType() == CiphertextMessage.PREKEY_TYPE;
        byte[] data = preKey
                ? Version3Wire.preKeySignalMessage(message.serialize(), macKey, ownIdentity, remoteIdentity)
                : Version3Wire.signalMessage(message.serialize(), macKey, ownIdentity, remoteIdentity);
        operation.commit();
        return new EncryptedKey(recipient.deviceId(), data, preKey);
    }

    @Override
    public synchronized DecryptedKey decryptKey(DeviceAddress sender, EncryptedKey key) throws OmemoException {
        if (key.recipientDeviceId() != ownDevice.deviceId()) {
            throw new IllegalArgumentException("the key element is for device " + key.recipientDeviceId()
                    + ", not for this device " + ownDevice.deviceId());
        }
        LibsignalStore operation = operation();
        byte[] keyMaterial;
        boolean newSession = false;
        Fingerprint senderIdentity;
        try {
            if (key.preKey()) {
                PreKeySignalMessage message = new PreKeySignalMessage(key.data());
                keyMaterial = cipher(operation, sender).decrypt(message);
                newSession = operation.startedSession(sender);
                senderIdentity = LibsignalStore.fingerprint(message.getIdentityKey());
            } else {
                SessionRecord session = operation.loadSession(address(sender)); // libsignal gets this one again
                keyMaterial = cipher(operation, sender).decrypt(new SignalMessage(key.data()));
                senderIdentity = LibsignalStore.fingerprint(session.getRemoteIdentityKey());
            }
        } catch (InvalidVersionException | LegacyMessageException e) {
            throw new MalformedMessageException("the key element from " + sender + " is not an OMEMO 0.3 (version 3)"
                    + " Signal message: " + e.getMessage(), e);
        } catch (InvalidKeyException e) {
            throw new MalformedMessageException("the key element from " + sender + " has an invalid key: "
                    + e.getMessage(), e);
        } catch (InvalidMessageException e) {
            throw invalidMessage(sender, e);
        } catch (org.signal.libsignal.protocol.DuplicateMessageException e) {
            throw new DuplicateMessageException("the key element from " + sender + " was already decrypted"
                    + " (a duplicate or replayed message)", e);
        } catch (InvalidKeyIdException e) {
            throw new UnknownPreKeyException("the PreKey message from " + sender + " uses a prekey we do not have"
                    + " (already used: a replay; or rotated away): " + e.getMessage(), e);
        } catch (org.signal.libsignal.protocol.NoSessionException e) {
            throw new NoSessionException("no OMEMO 0.3 session with " + sender + " for this key element", e);
        } catch (org.signal.libsignal.protocol.UntrustedIdentityException e) {
            throw identityProblem(operation, sender, e);
        }
        operation.commit();
        return new DecryptedKey(keyMaterial, senderIdentity, newSession);
    }

    @Override
    public byte[] decryptPayload(EncryptedPayload payload, byte[] keyMaterial) throws OmemoException {
        if (payload.isEmpty()) {
            throw new MalformedMessageException("a key transport message has no payload to decrypt");
        }
        return GcmPayload.decrypt(payload, keyMaterial);
    }

    private LibsignalStore operation() {
        return new LibsignalStore(store, trust, libsignalIdentity, ownDevice.deviceId());
    }

    private static SessionCipher cipher(LibsignalStore operation, DeviceAddress peer) {
        return new SessionCipher(operation, operation, operation, operation, operation, address(peer));
    }

    private static SignalProtocolAddress address(DeviceAddress device) {
        return new SignalProtocolAddress(device.bareJid(), device.deviceId());
    }

    private static OmemoException invalidMessage(DeviceAddress sender, InvalidMessageException e) {
        String reason = String.valueOf(e.getMessage());
        String lower = reason.toLowerCase(Locale.ROOT);
        if (lower.contains("decryption failed") || lower.contains("mac")) {
            return new AuthenticationFailedException("the key element from " + sender
                    + " does not authenticate with any session state: " + reason, e);
        }
        return new MalformedMessageException("the key element from " + sender + " is malformed: " + reason, e);
    }

    private static OmemoException identityProblem(LibsignalStore operation, DeviceAddress peer,
                                                  org.signal.libsignal.protocol.UntrustedIdentityException e) {
        return operation.identityConflict().<OmemoException>map(c -> c)
                .orElseGet(() -> new org.sotto.crypto.UntrustedIdentityException(
                        "libsignal refused the identity of " + peer + ": " + e.getMessage(), e));
    }

    private static ECPublicKey publicKey(byte[] typedKey, String what) throws OmemoException {
        if (typedKey.length != 33 || typedKey[0] != KEY_TYPE) {
            throw new InvalidKeyLengthException("an OMEMO 0.3 " + what + " is 0x05 and 32 bytes, got "
                    + typedKey.length + " bytes");
        }
        try {
            return new ECPublicKey(typedKey);
        } catch (InvalidKeyException e) {
            throw new MalformedMessageException("the " + what + " is not a Curve25519 key", e);
        }
    }

    private static byte[] typed(byte[] rawKey) {
        byte[] typed = new byte[33];
        typed[0] = KEY_TYPE;
        System.arraycopy(rawKey, 0, typed, 1, 32);
        return typed;
    }
}
