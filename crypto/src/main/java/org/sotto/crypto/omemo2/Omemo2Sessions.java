package org.sotto.crypto.omemo2;

import org.sotto.crypto.omemo2.proto.Omemo2Protos.OMEMOAuthenticatedMessage;
import org.sotto.crypto.omemo2.proto.Omemo2Protos.OMEMOKeyExchange;
import org.sotto.crypto.omemo2.proto.Omemo2Protos.OMEMOMessage;

import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Building and using sessions, independent of where our prekeys are kept: the active side from a bundle, the
 * passive side from a received key exchange, and decryption of key elements, following python-omemo's
 * SessionManager.decrypt for key exchanges that arrive while a session exists. {@link Omemo2Device} uses it with
 * its own prekey state; an adapter over the store SPI can use it with a {@link PreKeySource} of its own.
 */
public final class Omemo2Sessions {
    /** XEP-0384: a heartbeat is due after message 53 of a receiving chain. */
    static final int HEARTBEAT_COUNTER = 53;

    private Omemo2Sessions() {
    }

    /** Active side: X3DH with the bundle (signature checked, a random one-time prekey), the first sending chain. */
    public static Omemo2Session initiate(Omemo2Identity own, int peerDeviceId, Omemo2Bundle bundle) throws Omemo2Exception {
        X3dh.Active x3dh = X3dh.active(own, bundle);
        DoubleRatchet ratchet = DoubleRatchet.active(x3dh.sharedSecret(), bundle.signedPreKey());
        return new Omemo2Session(peerDeviceId, true, false, x3dh.associatedData(), bundle.identityKey(),
                own.publicKey(), x3dh.ephemeralPublic(), bundle.signedPreKeyId(), x3dh.preKeyId(), ratchet);
    }

    /**
     * What a key element gave: the session to store (new, or {@code existing} advanced), the key material (48 bytes,
     * or 32 zero bytes for an empty message), and for a new session the one-time prekey it used (delete it now) and
     * the key exchange's ephemeral key (remember it, to recognise replays). {@code sendEmptyMessage}: answer with an
     * empty message (confirming a key exchange, or a heartbeat).
     */
    public record Received(Omemo2Session session, byte[] keyMaterial, boolean newSession, int usedPreKeyId,
            byte[] keyExchangeEphemeral, boolean sendEmptyMessage) {
        @Override
        public String toString() {
            return "Received[device " + session.peerDeviceId() + (newSession ? ", new session" : "") + "]";
        }
    }

    /**
     * Decrypts a key element from {@code senderDeviceId}. {@code existing} is the stored session with that device or
     * null. Nothing is changed on failure; on success only the returned session (which may be {@code existing}).
     */
    public static Received receive(Omemo2Identity own, int senderDeviceId, Omemo2Session existing, byte[] data,
            boolean keyExchange, PreKeySource keys) throws Omemo2Exception {
        if (!keyExchange) {
            if (existing == null) {
                throw new Omemo2Exception.NoSession("no OMEMO 2 session with device " + senderDeviceId
                        + " and the message carries no key exchange");
            }
            byte[] keyMaterial = checkedKeyMaterial(existing.decrypt(parseAuthenticated(data)));
            return new Received(existing, keyMaterial, false, 0, null,
                    existing.receivingChainLength() > HEARTBEAT_COUNTER);
        }
        OMEMOKeyExchange kex = parseKeyExchange(data);
        if (existing != null && existing.builtBy(kex)) {
            // the peer repeats its key exchange until we answer: only the inner message is new
            byte[] keyMaterial = checkedKeyMaterial(existing.decrypt(kex.getMessage()));
            return new Received(existing, keyMaterial, false, 0, null, true);
        }
        byte[] peerIdentity = X3dh.checked(kex.getIk().toByteArray(), "key exchange identity key");
        byte[] ephemeral = X3dh.checked(kex.getEk().toByteArray(), "key exchange ephemeral key");
        if (keys.keyExchangeUsed(ephemeral)) {
            throw new Omemo2Exception.ReplayedKeyExchange("this key exchange from device " + senderDeviceId
                    + " was already used; its prekey is gone");
        }
        byte[] signedPreKey = keys.signedPreKeyPrivate(kex.getSpkId());
        if (signedPreKey == null) {
            throw new Omemo2Exception.UnknownPreKey("the key exchange uses signed prekey "
                    + Integer.toUnsignedString(kex.getSpkId()) + ", which we do not have (any more)");
        }
        byte[] preKey = keys.preKeyPrivate(kex.getPkId());
        if (preKey == null) {
            throw new Omemo2Exception.UnknownPreKey("the key exchange uses prekey "
                    + Integer.toUnsignedString(kex.getPkId()) + ", which we do not have");
        }
        byte[] sharedSecret = X3dh.passive(own, signedPreKey, preKey, peerIdentity, ephemeral);
        DoubleRatchet ratchet = DoubleRatchet.passive(sharedSecret, signedPreKey, firstRatchetKey(kex.getMessage()));
        Omemo2Session session = new Omemo2Session(senderDeviceId, false, true,
                X3dh.associatedData(peerIdentity, own.publicKey()), peerIdentity, peerIdentity, ephemeral,
                kex.getSpkId(), kex.getPkId(), ratchet);
        byte[] keyMaterial = checkedKeyMaterial(session.decrypt(kex.getMessage()));
        return new Received(session, keyMaterial, true, kex.getPkId(), ephemeral, true);
    }

    private static byte[] checkedKeyMaterial(byte[] keyMaterial) throws Omemo2Exception.Malformed {
        if (keyMaterial.length != Omemo2Payload.KEY_MATERIAL_LENGTH && keyMaterial.length != 32) {
            throw new Omemo2Exception.Malformed("decrypted key material is " + keyMaterial.length
                    + " bytes, expected 48 (or 32 for an empty message)");
        }
        return keyMaterial;
    }

    private static byte[] firstRatchetKey(OMEMOAuthenticatedMessage message) throws Omemo2Exception.Malformed {
        try {
            return X3dh.checked(OMEMOMessage.parseFrom(message.getMessage()).getDhPub().toByteArray(), "ratchet key");
        } catch (InvalidProtocolBufferException e) {
            throw new Omemo2Exception.Malformed("the OMEMOMessage does not parse: " + e.getMessage(), e);
        }
    }

    static OMEMOAuthenticatedMessage parseAuthenticated(byte[] data) throws Omemo2Exception.Malformed {
        try {
            return OMEMOAuthenticatedMessage.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            throw new Omemo2Exception.Malformed("the key element is not an OMEMOAuthenticatedMessage: "
                    + e.getMessage(), e);
        }
    }

    static OMEMOKeyExchange parseKeyExchange(byte[] data) throws Omemo2Exception.Malformed {
        try {
            return OMEMOKeyExchange.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            throw new Omemo2Exception.Malformed("the key element is not an OMEMOKeyExchange: " + e.getMessage(), e);
        }
    }
}
