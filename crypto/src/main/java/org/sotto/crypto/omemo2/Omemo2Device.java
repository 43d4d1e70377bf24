package org.sotto.crypto.omemo2;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

import org.sotto.crypto.omemo2.proto.Omemo2Protos.DeviceState;
import org.sotto.crypto.omemo2.proto.Omemo2Protos.PreKeyState;
import org.sotto.crypto.omemo2.proto.Omemo2Protos.SignedPreKeyState;

/**
 * Our own OMEMO 2 device: its identity, signed prekey (rotated weekly, the previous one kept for another week)
 * and 100 one-time prekeys (refilled to 100 when fewer than the 25 XEP-0384 requires remain). It builds sessions
 * from peer bundles and decrypts the {@code <key>} elements addressed to it.
 *
 * <p>Persist {@link #toBytes()} (the identity is persisted separately) after every call that reports a change.
 * Not thread-safe: callers serialise access per account.
 */
public final class Omemo2Device {
    public static final int PRE_KEY_COUNT = 100;
    /** XEP-0384: "The bundle MUST always contain at least 25 PreKeys." */
    public static final int PRE_KEY_MINIMUM = 25;
    public static final Duration SIGNED_PRE_KEY_ROTATION = Duration.ofDays(7);
    /** XEP-0384: the old signed prekey's private key SHOULD be kept for another rotation period. */
    public static final Duration SIGNED_PRE_KEY_GRACE = SIGNED_PRE_KEY_ROTATION;
    private static final int REMEMBERED_KEY_EXCHANGES = 500;
    private static final int MAX_ID = Integer.MAX_VALUE;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Omemo2Identity identity;
    private final Clock clock;
    private SignedPreKey signedPreKey;
    private SignedPreKey oldSignedPreKey;
    private final TreeMap<Integer, byte[]> preKeys = new TreeMap<>();
    private final Map<Integer, byte[]> preKeyPublics = new TreeMap<>(); // derived from preKeys, kept to save time
    private int nextPreKeyId = 1;
    private int nextSignedPreKeyId = 1;
    private final ArrayDeque<ByteBuffer> usedEphemerals = new ArrayDeque<>();

    private Omemo2Device(Omemo2Identity identity, Clock clock) {
        this.identity = identity;
        this.clock = clock;
    }

    /** A new device state: a fresh signed prekey and 100 one-time prekeys. */
    public static Omemo2Device create(Omemo2Identity identity, Clock clock) {
        Omemo2Device device = new Omemo2Device(identity, clock);
        device.signedPreKey = device.newSignedPreKey();
        device.refill();
        return device;
    }

    public Omemo2Identity identity() {
        return identity;
    }

    /** The bundle to publish. */
    public Omemo2Bundle bundle() {
        Map<Integer, byte[]> publicPreKeys = new TreeMap<>();
        preKeys.forEach((id, priv) -> publicPreKeys.put(id, preKeyPublics.computeIfAbsent(id,
                any -> Curve25519.publicKey(priv))));
        return new Omemo2Bundle(identity.publicKey(), signedPreKey.id, signedPreKey.publicKey(),
                signedPreKey.signature, publicPreKeys);
    }

    public int preKeyCount() {
        return preKeys.size();
    }

    /**
     * Rotates the signed prekey when it is older than {@link #SIGNED_PRE_KEY_ROTATION}, forgets the previous one
     * after {@link #SIGNED_PRE_KEY_GRACE}, refills one-time prekeys. Returns whether the bundle changed (publish it).
     */
    public boolean maintain() {
        Instant now = clock.instant();
        boolean changed = false;
        if (oldSignedPreKey != null && !now.isBefore(oldSignedPreKey.retiredAt.plus(SIGNED_PRE_KEY_GRACE))) {
            oldSignedPreKey = null;
        }
        if (!now.isBefore(signedPreKey.createdAt.plus(SIGNED_PRE_KEY_ROTATION))) {
            oldSignedPreKey = signedPreKey.retire(now);
            signedPreKey = newSignedPreKey();
            changed = true;
        }
        return refillIfLow() || changed;
    }

    /** Builds a session from a peer's bundle (X3DH, active side); its messages carry the key exchange until answered. */
    public Omemo2Session buildSession(int peerDeviceId, Omemo2Bundle bundle) throws Omemo2Exception {
        return Omemo2Sessions.initiate(identity, peerDeviceId, bundle);
    }

    /**
     * What decrypting a key element gave: the session to store (new, or the given one advanced), the key material
     * (48 bytes, or 32 zero bytes for an empty message), whether our bundle changed (a prekey was used: publish
     * it) and whether to answer with an empty message (a new session to confirm, or a heartbeat is due).
     */
    public record Decrypted(Omemo2Session session, byte[] keyMaterial, boolean newSession, boolean bundleChanged,
            boolean sendEmptyMessage) {
        public Decrypted {
            keyMaterial = keyMaterial.clone();
        }

        @Override
        public byte[] keyMaterial() {
            return keyMaterial.clone();
        }

        @Override
        public String toString() {
            return "Decrypted[device " + session.peerDeviceId() + (newSession ? ", new session" : "")
                    + (empty() ? ", empty" : "") + "]"; // never the key material
        }

        public boolean empty() {
            return Omemo2Payload.isEmptyKeyMaterial(keyMaterial);
        }
    }

    /**
     * Decrypts the {@code <key>} element addressed to us from one sender device. {@code existing} is the stored
     * session with that device, or null. On failure neither the session nor this device changes. The caller checks
     * {@link Omemo2Session#peerIdentityKey()} of the result against trust.
     */
    public Decrypted decryptKey(int senderDeviceId, Omemo2Session existing, byte[] data, boolean keyExchange)
            throws Omemo2Exception {
        Omemo2Sessions.Received received = Omemo2Sessions.receive(identity, senderDeviceId, existing, data, keyExchange,
                preKeySource);
        if (received.newSession()) {
            // established: the one-time prekey is used up
            preKeys.remove(received.usedPreKeyId());
            preKeyPublics.remove(received.usedPreKeyId());
            usedEphemerals.addLast(ByteBuffer.wrap(received.keyExchangeEphemeral()));
            while (usedEphemerals.size() > REMEMBERED_KEY_EXCHANGES) {
                usedEphemerals.removeFirst();
            }
            refillIfLow();
        }
        return new Decrypted(received.session(), received.keyMaterial(), received.newSession(), received.newSession(),
                received.sendEmptyMessage());
    }

    private final PreKeySource preKeySource = new PreKeySource() {
        @Override
        public byte[] signedPreKeyPrivate(int id) {
            if (signedPreKey.id == id) {
                return signedPreKey.privateKey;
            }
            return oldSignedPreKey != null && oldSignedPreKey.id == id ? oldSignedPreKey.privateKey : null;
        }

        @Override
        public byte[] preKeyPrivate(int id) {
            return preKeys.get(id);
        }

        @Override
        public boolean keyExchangeUsed(byte[] ephemeralKey) {
            return usedEphemerals.contains(ByteBuffer.wrap(ephemeralKey));
        }
    };

    private boolean refillIfLow() {
        if (preKeys.size() >= PRE_KEY_MINIMUM) {
            return false;
        }
        refill();
        return true;
    }

    private void refill() {
        while (preKeys.size() < PRE_KEY_COUNT) {
            byte[] priv = Curve25519.generatePrivateKey(RANDOM);
            preKeys.put(nextPreKeyId, priv);
            preKeyPublics.put(nextPreKeyId, Curve25519.publicKey(priv));
            nextPreKeyId = nextPreKeyId == MAX_ID ? 1 : nextPreKeyId + 1;
        }
    }

    private SignedPreKey newSignedPreKey() {
        byte[] priv = Curve25519.generatePrivateKey(RANDOM);
        byte[] signature = identity.sign(Curve25519.publicKey(priv));
        SignedPreKey key = new SignedPreKey(nextSignedPreKeyId, priv, signature, clock.instant(), null);
        nextSignedPreKeyId = nextSignedPreKeyId == MAX_ID ? 1 : nextSignedPreKeyId + 1;
        return key;
    }

    public byte[] toBytes() {
        DeviceState.Builder state = DeviceState.newBuilder().setSignedPreKey(signedPreKey.toProto())
                .setNextPreKeyId(nextPreKeyId).setNextSignedPreKeyId(nextSignedPreKeyId);
        if (oldSignedPreKey != null) {
            state.setOldSignedPreKey(oldSignedPreKey.toProto());
        }
        preKeys.forEach((id, priv) -> {
            PreKeyState.Builder preKey = PreKeyState.newBuilder().setId(id).setPriv(ByteString.copyFrom(priv));
            byte[] pub = preKeyPublics.get(id);
            if (pub != null) {
                preKey.setPub(ByteString.copyFrom(pub));
            }
            state.addPreKeys(preKey);
        });
        usedEphemerals.forEach(ephemeral -> state.addUsedEphemerals(ByteString.copyFrom(ephemeral.duplicate())));
        return state.build().toByteArray();
    }

    public static Omemo2Device fromBytes(Omemo2Identity identity, byte[] bytes, Clock clock)
            throws Omemo2Exception.Malformed {
        DeviceState state;
        try {
            state = DeviceState.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new Omemo2Exception.Malformed("stored OMEMO 2 device state does not parse: " + e.getMessage(), e);
        }
        Omemo2Device device = new Omemo2Device(identity, clock);
        device.signedPreKey = SignedPreKey.fromProto(state.getSignedPreKey());
        device.oldSignedPreKey = state.hasOldSignedPreKey() ? SignedPreKey.fromProto(state.getOldSignedPreKey()) : null;
        for (PreKeyState preKey : state.getPreKeysList()) {
            device.preKeys.put(preKey.getId(), DoubleRatchet.key(preKey.getPriv(), "prekey"));
            if (preKey.hasPub()) {
                device.preKeyPublics.put(preKey.getId(), DoubleRatchet.key(preKey.getPub(), "prekey public key"));
            }
        }
        device.nextPreKeyId = state.getNextPreKeyId();
        device.nextSignedPreKeyId = state.getNextSignedPreKeyId();
        for (ByteString ephemeral : state.getUsedEphemeralsList()) {
            device.usedEphemerals.addLast(ByteBuffer.wrap(ephemeral.toByteArray()));
        }
        return device;
    }

    private static final class SignedPreKey {
        final int id;
        final byte[] privateKey;
        final byte[] signature;
        final Instant createdAt;
        final Instant retiredAt;

        SignedPreKey(int id, byte[] privateKey, byte[] signature, Instant createdAt, Instant retiredAt) {
            this.id = id;
            this.privateKey = privateKey;
            this.signature = signature;
            this.createdAt = createdAt;
            this.retiredAt = retiredAt;
        }

        byte[] publicKey() {
            return Curve25519.publicKey(privateKey);
        }

        SignedPreKey retire(Instant when) {
            return new SignedPreKey(id, privateKey, signature, createdAt, when);
        }

        SignedPreKeyState toProto() {
            SignedPreKeyState.Builder state = SignedPreKeyState.newBuilder().setId(id)
                    .setPriv(ByteString.copyFrom(privateKey)).setSignature(ByteString.copyFrom(signature))
                    .setCreatedAt(createdAt.getEpochSecond());
            if (retiredAt != null) {
                state.setRetiredAt(retiredAt.getEpochSecond());
            }
            return state.build();
        }

        static SignedPreKey fromProto(SignedPreKeyState state) throws Omemo2Exception.Malformed {
            if (state.getSignature().size() != Curve25519.SIGNATURE_LENGTH) {
                throw new Omemo2Exception.Malformed("stored signed prekey signature has "
                        + state.getSignature().size() + " bytes");
            }
            return new SignedPreKey(state.getId(), DoubleRatchet.key(state.getPriv(), "signed prekey"),
                    state.getSignature().toByteArray(), Instant.ofEpochSecond(state.getCreatedAt()),
                    state.hasRetiredAt() ? Instant.ofEpochSecond(state.getRetiredAt()) : null);
        }
    }
}
