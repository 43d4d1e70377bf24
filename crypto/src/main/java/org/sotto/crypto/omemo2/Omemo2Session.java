package org.sotto.crypto.omemo2;

import java.util.Arrays;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

import org.sotto.crypto.EncryptedKey;
import org.sotto.crypto.MalformedMessageException;
import org.sotto.crypto.OmemoException;
import org.sotto.crypto.omemo2.proto.Omemo2Protos.OMEMOAuthenticatedMessage;
import org.sotto.crypto.omemo2.proto.Omemo2Protos.OMEMOKeyExchange;
import org.sotto.crypto.omemo2.proto.Omemo2Protos.SessionState;

/**
 * An OMEMO 2 session with one device of a peer. The side that built it from a bundle keeps sending its key
 * exchange ({@code kex='true'}) until the first message from the peer confirms the session. Persist it with
 * {@link #toBytes()} after every successful encryption or decryption; a failed decryption leaves it unchanged.
 */
final class Omemo2Session {
    private final int peerDeviceId;
    private final boolean initiatedByUs;
    private boolean confirmed;
    private final byte[] associatedData;
    private final byte[] peerIdentityKey;
    private final byte[] kexIdentity;
    private final byte[] kexEphemeral;
    private final int kexSignedPreKeyId;
    private final int kexPreKeyId;
    private final DoubleRatchet ratchet;
    /** The session this one replaced, or null; never has a previous one itself. */
    private Omemo2Session previous;

    Omemo2Session(int peerDeviceId, boolean initiatedByUs, boolean confirmed, byte[] associatedData,
            byte[] peerIdentityKey, byte[] kexIdentity, byte[] kexEphemeral, int kexSignedPreKeyId, int kexPreKeyId,
            DoubleRatchet ratchet) {
        this.peerDeviceId = peerDeviceId;
        this.initiatedByUs = initiatedByUs;
        this.confirmed = confirmed;
        this.associatedData = associatedData;
        this.peerIdentityKey = peerIdentityKey;
        this.kexIdentity = kexIdentity;
        this.kexEphemeral = kexEphemeral;
        this.kexSignedPreKeyId = kexSignedPreKeyId;
        this.kexPreKeyId = kexPreKeyId;
        this.ratchet = ratchet;
    }

    /**
     * Encrypts key material for this device: {@link org.sotto.crypto.PayloadEncryption#keyMaterial()} (48 bytes) or
     * {@link Omemo2Payload#emptyKeyMaterial()} (32 bytes) for an empty message.
     */
    EncryptedKey encryptKey(byte[] keyMaterial) {
        if (keyMaterial.length != Omemo2Payload.KEY_MATERIAL_LENGTH && keyMaterial.length != 32) {
            throw new IllegalArgumentException("OMEMO 2 key material is 48 bytes (or 32 for an empty message), got "
                    + keyMaterial.length);
        }
        OMEMOAuthenticatedMessage message = ratchet.encrypt(keyMaterial, associatedData);
        if (initiatedByUs && !confirmed) {
            OMEMOKeyExchange keyExchange = OMEMOKeyExchange.newBuilder().setPkId(kexPreKeyId)
                    .setSpkId(kexSignedPreKeyId).setIk(ByteString.copyFrom(kexIdentity))
                    .setEk(ByteString.copyFrom(kexEphemeral)).setMessage(message).build();
            return new EncryptedKey(peerDeviceId, keyExchange.toByteArray(), true);
        }
        return new EncryptedKey(peerDeviceId, message.toByteArray(), false);
    }

    byte[] decrypt(OMEMOAuthenticatedMessage message) throws OmemoException {
        byte[] plaintext = ratchet.decrypt(message, associatedData);
        confirmed = true;
        return plaintext;
    }

    /**
     * Keeps {@code replaced} (without its own previous session) as the one to try when this one cannot decrypt: when
     * both devices start a session at the same moment, each replaces its own with the other's, and the messages the
     * other sends next may still be in the replaced one.
     */
    Omemo2Session replacing(Omemo2Session replaced) {
        if (replaced != null) {
            replaced.previous = null;
        }
        this.previous = replaced;
        return this;
    }

    /** The session this one replaced, or null. */
    Omemo2Session previous() {
        return previous;
    }

    /** The previous session made current (it just decrypted a message), with this one as its previous. */
    Omemo2Session promotePrevious() {
        Omemo2Session promoted = previous;
        previous = null;
        promoted.previous = this;
        return promoted;
    }

    /** Whether this key exchange is the one that built this (passively built) session: a repeat, not a new one. */
    boolean builtBy(OMEMOKeyExchange keyExchange) {
        return !initiatedByUs && keyExchange.getSpkId() == kexSignedPreKeyId && keyExchange.getPkId() == kexPreKeyId
                && Arrays.equals(keyExchange.getIk().toByteArray(), kexIdentity)
                && Arrays.equals(keyExchange.getEk().toByteArray(), kexEphemeral);
    }

    public int peerDeviceId() {
        return peerDeviceId;
    }

    /** The peer device's Ed25519 identity key: check it against trust before using what it decrypted. */
    public byte[] peerIdentityKey() {
        return peerIdentityKey.clone();
    }

    public boolean initiatedByUs() {
        return initiatedByUs;
    }

    /** Whether the peer has answered (always true for sessions the peer started). */
    public boolean confirmed() {
        return confirmed || !initiatedByUs;
    }

    public long sendingChainLength() {
        return ratchet.sendingChainLength();
    }

    public long receivingChainLength() {
        return ratchet.receivingChainLength();
    }

    int skippedKeyCount() {
        return ratchet.skippedKeyCount();
    }

    public byte[] toBytes() {
        return toProto().toByteArray();
    }

    private SessionState toProto() {
        SessionState.Builder state = SessionState.newBuilder().setPeerDeviceId(peerDeviceId).setActive(initiatedByUs)
                .setConfirmed(confirmed).setAssociatedData(ByteString.copyFrom(associatedData))
                .setPeerIdentity(ByteString.copyFrom(peerIdentityKey)).setKexIdentity(ByteString.copyFrom(kexIdentity))
                .setKexEphemeral(ByteString.copyFrom(kexEphemeral)).setKexSpkId(kexSignedPreKeyId)
                .setKexPkId(kexPreKeyId).setRatchet(ratchet.toProto());
        if (previous != null) {
            state.setPrevious(previous.toProto());
        }
        return state.build();
    }

    public static Omemo2Session fromBytes(byte[] bytes) throws MalformedMessageException {
        SessionState state;
        try {
            state = SessionState.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedMessageException("stored OMEMO 2 session does not parse: " + e.getMessage(), e);
        }
        Omemo2Session session = fromProto(state);
        if (state.hasPrevious()) {
            session.previous = fromProto(state.getPrevious());
        }
        return session;
    }

    private static Omemo2Session fromProto(SessionState state) throws MalformedMessageException {
        if (state.getAssociatedData().size() != 64) {
            throw new MalformedMessageException("stored OMEMO 2 session has associated data of "
                    + state.getAssociatedData().size() + " bytes, expected 64");
        }
        return new Omemo2Session(state.getPeerDeviceId(), state.getActive(), state.getConfirmed(),
                state.getAssociatedData().toByteArray(), DoubleRatchet.key(state.getPeerIdentity(), "peer identity key"),
                DoubleRatchet.key(state.getKexIdentity(), "key exchange identity key"),
                DoubleRatchet.key(state.getKexEphemeral(), "key exchange ephemeral key"), state.getKexSpkId(),
                state.getKexPkId(), DoubleRatchet.fromProto(state.getRatchet()));
    }
}
