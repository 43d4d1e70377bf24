package org.sotto.crypto.omemo2;

import org.sotto.crypto.Bundle;
import org.sotto.crypto.DeviceIdentity;
import org.sotto.crypto.DuplicateMessageException;
import org.sotto.crypto.InvalidKeyLengthException;
import org.sotto.crypto.MalformedMessageException;
import org.sotto.crypto.NoSessionException;
import org.sotto.crypto.OmemoException;
import org.sotto.crypto.UnknownPreKeyException;
import org.sotto.crypto.omemo2.proto.Omemo2Protos.OMEMOAuthenticatedMessage;
import org.sotto.crypto.omemo2.proto.Omemo2Protos.OMEMOKeyExchange;
import org.sotto.crypto.omemo2.proto.Omemo2Protos.OMEMOMessage;

import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Building and using sessions, independent of where our prekeys are kept: the active side from a bundle, the
 * passive side from a received key exchange, and decryption of key elements, following python-omemo's
 * SessionManager.decrypt for key exchanges that arrive while a session exists. Pure functions: nothing is stored
 * here; {@link Omemo2Protocol} writes the results to the store after they succeeded.
 */
final class Omemo2Sessions {
    /** XEP-0384: a heartbeat is due after message 53 of a receiving chain. */
    static final int HEARTBEAT_COUNTER = 53;

    private Omemo2Sessions() {
    }

    /** Active side: X3DH with the bundle (signature checked, a random one-time prekey), the first sending chain. */
    static Omemo2Session initiate(DeviceIdentity own, int peerDeviceId, Bundle bundle) throws OmemoException {
        X3dh.Active x3dh = X3dh.active(own, bundle);
        DoubleRatchet ratchet = DoubleRatchet.active(x3dh.sharedSecret(), bundle.signedPreKey());
        return new Omemo2Session(peerDeviceId, true, false, x3dh.associatedData(), bundle.identityKey(),
                own.ed25519PublicKey(), x3dh.ephemeralPublic(), bundle.signedPreKeyId(), x3dh.preKeyId(), ratchet);
    }

    /**
     * What a key element gave: the session to store (new, or {@code existing} advanced), the key material (48 bytes,
     * or 32 zero bytes for an empty message), and for a new session the one-time prekey it used (delete it now).
     * {@code sendEmptyMessage}: answer with an empty message (confirming a key exchange, or a heartbeat).
     */
    record Received(Omemo2Session session, byte[] keyMaterial, boolean newSession, int usedPreKeyId,
            boolean sendEmptyMessage) {
        @Override
        public String toString() {
            return "Received[device " + session.peerDeviceId() + (newSession ? ", new session" : "") + "]";
        }
    }

    /**
     * Decrypts a key element from {@code senderDeviceId}. {@code existing} is the stored session with that device or
     * null. Nothing is changed on failure; on success only the returned session (which may be {@code existing}).
     */
    static Received receive(DeviceIdentity own, int senderDeviceId, Omemo2Session existing, byte[] data,
            boolean keyExchange, PreKeySource keys) throws OmemoException {
        if (!keyExchange) {
            if (existing == null) {
                throw new NoSessionException("no OMEMO 2 session with device " + senderDeviceId
                        + " and the message carries no key exchange");
            }
            OMEMOAuthenticatedMessage message = parseAuthenticated(data);
            try {
                byte[] keyMaterial = checkedKeyMaterial(existing.decrypt(message));
                return new Received(existing, keyMaterial, false, 0, existing.receivingChainLength() > HEARTBEAT_COUNTER);
            } catch (OmemoException e) {
                Omemo2Session previous = existing.previous();
                if (previous == null) {
                    throw e;
                }
                byte[] keyMaterial;
                try {
                    keyMaterial = checkedKeyMaterial(previous.decrypt(message));
                } catch (DuplicateMessageException replay) {
                    throw replay; // already read in the previous session: a replay, to be ignored
                } catch (OmemoException alsoFailed) {
                    throw e; // the current session's reason is the one that matters
                }
                // the peer still writes in the session we replaced: it becomes current again (libsignal does the same)
                Omemo2Session promoted = existing.promotePrevious();
                return new Received(promoted, keyMaterial, false, 0, promoted.receivingChainLength() > HEARTBEAT_COUNTER);
            }
        }
        OMEMOKeyExchange kex = parseKeyExchange(data);
        if (existing != null && existing.builtBy(kex)) {
            // the peer repeats its key exchange until we answer: only the inner message is new
            byte[] keyMaterial = checkedKeyMaterial(existing.decrypt(kex.getMessage()));
            return new Received(existing, keyMaterial, false, 0, true);
        }
        if (existing != null && existing.previous() != null && existing.previous().builtBy(kex)) {
            byte[] keyMaterial = checkedKeyMaterial(existing.previous().decrypt(kex.getMessage()));
            return new Received(existing.promotePrevious(), keyMaterial, false, 0, true);
        }
        byte[] peerIdentity = X3dh.checked(kex.getIk().toByteArray(), "key exchange identity key");
        byte[] ephemeral = X3dh.checked(kex.getEk().toByteArray(), "key exchange ephemeral key");
        byte[] signedPreKey = keys.signedPreKeyPrivate(kex.getSpkId());
        if (signedPreKey == null) {
            throw new UnknownPreKeyException("the key exchange uses signed prekey "
                    + Integer.toUnsignedString(kex.getSpkId()) + ", which we do not have (any more)");
        }
        byte[] preKey = keys.preKeyPrivate(kex.getPkId());
        if (preKey == null) {
            throw new UnknownPreKeyException("the key exchange uses prekey "
                    + Integer.toUnsignedString(kex.getPkId()) + ", which we do not have (already used: a replayed key"
                    + " exchange; or never ours)");
        }
        byte[] sharedSecret = X3dh.passive(own, signedPreKey, preKey, peerIdentity, ephemeral);
        DoubleRatchet ratchet = DoubleRatchet.passive(sharedSecret, signedPreKey, firstRatchetKey(kex.getMessage()));
        Omemo2Session session = new Omemo2Session(senderDeviceId, false, true,
                X3dh.associatedData(peerIdentity, own.ed25519PublicKey()), peerIdentity, peerIdentity, ephemeral,
                kex.getSpkId(), kex.getPkId(), ratchet);
        byte[] keyMaterial = checkedKeyMaterial(session.decrypt(kex.getMessage()));
        return new Received(session.replacing(existing), keyMaterial, true, kex.getPkId(), true);
    }

    private static byte[] checkedKeyMaterial(byte[] keyMaterial) throws InvalidKeyLengthException {
        if (keyMaterial.length != Omemo2Payload.KEY_MATERIAL_LENGTH && keyMaterial.length != 32) {
            throw new InvalidKeyLengthException("decrypted key material is " + keyMaterial.length
                    + " bytes, expected 48 (or 32 for an empty message)");
        }
        return keyMaterial;
    }

    private static byte[] firstRatchetKey(OMEMOAuthenticatedMessage message) throws OmemoException {
        try {
            return X3dh.checked(OMEMOMessage.parseFrom(message.getMessage()).getDhPub().toByteArray(), "ratchet key");
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedMessageException("the OMEMOMessage does not parse: " + e.getMessage(), e);
        }
    }

    static OMEMOAuthenticatedMessage parseAuthenticated(byte[] data) throws MalformedMessageException {
        try {
            return OMEMOAuthenticatedMessage.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedMessageException("the key element is not an OMEMOAuthenticatedMessage: "
                    + e.getMessage(), e);
        }
    }

    static OMEMOKeyExchange parseKeyExchange(byte[] data) throws MalformedMessageException {
        try {
            return OMEMOKeyExchange.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedMessageException("the key element is not an OMEMOKeyExchange: " + e.getMessage(), e);
        }
    }
}
