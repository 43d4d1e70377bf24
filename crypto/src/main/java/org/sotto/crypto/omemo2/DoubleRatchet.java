package org.sotto.crypto.omemo2;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

import org.sotto.crypto.AuthenticationFailedException;
import org.sotto.crypto.DuplicateMessageException;
import org.sotto.crypto.InvalidKeyLengthException;
import org.sotto.crypto.MalformedMessageException;
import org.sotto.crypto.OmemoException;
import org.sotto.crypto.TooManySkippedMessagesException;
import org.sotto.crypto.omemo2.proto.Omemo2Protos.ChainState;
import org.sotto.crypto.omemo2.proto.Omemo2Protos.OMEMOAuthenticatedMessage;
import org.sotto.crypto.omemo2.proto.Omemo2Protos.OMEMOMessage;
import org.sotto.crypto.omemo2.proto.Omemo2Protos.RatchetState;
import org.sotto.crypto.omemo2.proto.Omemo2Protos.SkippedKey;

/**
 * The Double Ratchet with XEP-0384's parameters: KDF_RK = HKDF-SHA-256 (salt root key, info "OMEMO Root
 * Chain"), KDF_CK = HMAC-SHA-256 with 0x01 (message key) and 0x02 (chain key), ENCRYPT = AES-256-CBC with
 * HMAC-SHA-256 truncated to 16 bytes over ad || OMEMOMessage, keys from HKDF ("OMEMO Message Key Material").
 * Skipped message keys: at most 1000 per session (oldest dropped first) and 1000 per message, as python-twomemo.
 *
 * <p>Decryption works on a copy of the ratchet and only adopts it once the MAC verified, so a failed
 * decryption leaves the state exactly as it was.
 *
 * <p>After a Diffie-Hellman step on receipt, the sending half (a new ratchet key and the next root-chain step) is
 * done when it is first needed: before the next encryption or before the next Diffie-Hellman step, whichever comes
 * first. The root chain sees the same inputs in the same order as with the eager textbook order, so the messages
 * are the same; decrypting a message that turns the ratchet costs one X25519 instead of two plus a key generation.
 */
final class DoubleRatchet {
    static final int MAX_SKIPPED_PER_SESSION = 1000;
    static final int MAX_SKIPPED_PER_MESSAGE = 1000;
    private static final byte[] ROOT_INFO = Primitives.info("OMEMO Root Chain");
    private static final byte[] MESSAGE_KEY_INFO = Primitives.info("OMEMO Message Key Material");
    private static final byte[] MESSAGE_KEY_CONSTANT = {0x01};
    private static final byte[] CHAIN_KEY_CONSTANT = {0x02};
    private static final SecureRandom RANDOM = new SecureRandom();

    private byte[] rootKey;
    private byte[] ownPrivate;
    private byte[] ownPublic;
    private byte[] otherPublic;
    private Chain sending;
    private Chain receiving; // null until the first message from the other side
    private long previousSendingLength;
    private boolean sendingStepPending;
    private final LinkedHashMap<KeyId, byte[]> skipped = new LinkedHashMap<>();

    private DoubleRatchet() {
    }

    /** Alice: the first sending chain comes from DH(new ratchet key, Bob's signed prekey). */
    static DoubleRatchet active(byte[] sharedSecret, byte[] peerSignedPreKey) throws MalformedMessageException {
        DoubleRatchet ratchet = new DoubleRatchet();
        ratchet.rootKey = sharedSecret.clone();
        ratchet.otherPublic = peerSignedPreKey.clone();
        ratchet.newOwnKey();
        ratchet.sending = new Chain(ratchet.rootStep(Curve25519.agree(ratchet.ownPrivate, ratchet.otherPublic)));
        return ratchet;
    }

    /** Bob: the signed prekey is the first ratchet key; the receiving chain matches Alice's first sending chain. */
    static DoubleRatchet passive(byte[] sharedSecret, byte[] signedPreKeyPrivate, byte[] firstRatchetKey)
            throws MalformedMessageException {
        DoubleRatchet ratchet = new DoubleRatchet();
        ratchet.rootKey = sharedSecret.clone();
        ratchet.otherPublic = firstRatchetKey.clone();
        ratchet.receiving = new Chain(ratchet.rootStep(Curve25519.agree(signedPreKeyPrivate, firstRatchetKey)));
        ratchet.newOwnKey();
        ratchet.sending = new Chain(ratchet.rootStep(Curve25519.agree(ratchet.ownPrivate, ratchet.otherPublic)));
        return ratchet;
    }

    /** Encrypts into an OMEMOAuthenticatedMessage. */
    OMEMOAuthenticatedMessage encrypt(byte[] plaintext, byte[] associatedData) {
        if (sendingStepPending) {
            completeSendingStep();
        }
        if (ownPublic == null) {
            ownPublic = Curve25519.publicKey(ownPrivate);
        }
        long n = sending.length;
        byte[] messageKey = sending.step();
        Primitives.DerivedKeys keys = Primitives.DerivedKeys.derive(messageKey, MESSAGE_KEY_INFO);
        byte[] ciphertext = Primitives.aesCbcEncrypt(keys.encryptionKey(), keys.iv(), plaintext);
        // serialised once; the MAC covers exactly these bytes
        byte[] message = OMEMOMessage.newBuilder().setN((int) n).setPn((int) previousSendingLength)
                .setDhPub(ByteString.copyFrom(ownPublic)).setCiphertext(ByteString.copyFrom(ciphertext))
                .build().toByteArray();
        byte[] mac = Primitives.truncatedTag(keys.authenticationKey(), associatedData, message);
        return OMEMOAuthenticatedMessage.newBuilder().setMac(ByteString.copyFrom(mac))
                .setMessage(ByteString.copyFrom(message)).build();
    }

    byte[] decrypt(OMEMOAuthenticatedMessage authenticated, byte[] associatedData) throws OmemoException {
        OMEMOMessage message;
        try {
            message = OMEMOMessage.parseFrom(authenticated.getMessage());
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedMessageException("the OMEMOMessage does not parse: " + e.getMessage(), e);
        }
        byte[] ratchetKey = message.getDhPub().toByteArray();
        if (ratchetKey.length != Curve25519.KEY_LENGTH) {
            throw new InvalidKeyLengthException("the ratchet key is 32 bytes, got " + ratchetKey.length);
        }
        if (!message.hasCiphertext()) {
            throw new MalformedMessageException("the OMEMOMessage carries no ciphertext");
        }
        long n = Integer.toUnsignedLong(message.getN());
        long pn = Integer.toUnsignedLong(message.getPn());
        KeyId id = new KeyId(ByteBuffer.wrap(ratchetKey), n);

        byte[] messageKey = skipped.get(id);
        DoubleRatchet working = null;
        Map<KeyId, byte[]> newlySkipped = new LinkedHashMap<>();
        if (messageKey == null) {
            working = copyWithoutSkipped();
            messageKey = working.nextDecryptionKey(ratchetKey, n, pn, newlySkipped);
        }
        Primitives.DerivedKeys keys = Primitives.DerivedKeys.derive(messageKey, MESSAGE_KEY_INFO);
        byte[] expected = Primitives.truncatedTag(keys.authenticationKey(), associatedData,
                authenticated.getMessage().toByteArray());
        if (!Primitives.tagsEqual(expected, authenticated.getMac().toByteArray())) {
            throw new AuthenticationFailedException("the key element's HMAC does not match: altered, or "
                    + "not encrypted with this session");
        }
        byte[] plaintext = Primitives.aesCbcDecrypt(keys.encryptionKey(), keys.iv(),
                message.getCiphertext().toByteArray());

        // success: adopt the new state
        skipped.remove(id);
        if (working != null) {
            adopt(working);
            skipped.putAll(newlySkipped);
            Iterator<KeyId> oldest = skipped.keySet().iterator();
            for (int excess = skipped.size() - MAX_SKIPPED_PER_SESSION; excess > 0; excess--) {
                oldest.next();
                oldest.remove();
            }
        }
        return plaintext;
    }

    private byte[] nextDecryptionKey(byte[] ratchetKey, long n, long pn, Map<KeyId, byte[]> newlySkipped)
            throws OmemoException {
        if (!Arrays.equals(ratchetKey, otherPublic)) {
            if (sendingStepPending) {
                completeSendingStep();
            }
            if (receiving != null) {
                long toSkip = Math.max(pn - receiving.length, 0);
                // like python-doubleratchet: too many keys left in the old chain are simply not derived
                if (toSkip <= MAX_SKIPPED_PER_MESSAGE) {
                    skip(toSkip, newlySkipped);
                }
            }
            otherPublic = ratchetKey.clone();
            receiving = new Chain(rootStep(Curve25519.agree(ownPrivate, otherPublic)));
            sendingStepPending = true;
        }
        long toSkip = Math.max(n - receiving.length, 0);
        if (toSkip > MAX_SKIPPED_PER_MESSAGE) {
            throw new TooManySkippedMessagesException("the message skips " + toSkip + " message keys, more than "
                    + MAX_SKIPPED_PER_MESSAGE);
        }
        skip(toSkip, newlySkipped);
        if (n < receiving.length) {
            throw new DuplicateMessageException("message " + n + " of this chain was already decrypted");
        }
        return receiving.step();
    }

    /** The sending half of a Diffie-Hellman step: a new ratchet key and a new sending chain. */
    private void completeSendingStep() {
        newOwnKey();
        previousSendingLength = sending.length;
        try {
            sending = new Chain(rootStep(Curve25519.agree(ownPrivate, otherPublic)));
        } catch (MalformedMessageException e) {
            // otherPublic already gave a valid agreement for the receiving chain; a fresh key cannot fail with it
            throw new IllegalStateException("X25519 with a peer ratchet key that worked before failed", e);
        }
        sendingStepPending = false;
    }

    private void skip(long count, Map<KeyId, byte[]> newlySkipped) {
        ByteBuffer chainKey = ByteBuffer.wrap(otherPublic.clone());
        for (long i = 0; i < count; i++) {
            newlySkipped.put(new KeyId(chainKey, receiving.length), receiving.step());
        }
    }

    private byte[] rootStep(byte[] dhOutput) {
        byte[] out = Primitives.hkdf(dhOutput, rootKey, ROOT_INFO, 64);
        rootKey = Arrays.copyOf(out, 32);
        return Arrays.copyOfRange(out, 32, 64);
    }

    private void newOwnKey() {
        ownPrivate = Curve25519.generatePrivateKey(RANDOM);
        ownPublic = null; // derived when the next message is encrypted
    }

    private DoubleRatchet copyWithoutSkipped() {
        DoubleRatchet copy = new DoubleRatchet();
        copy.adopt(this);
        copy.sending = sending.copy();
        copy.receiving = receiving == null ? null : receiving.copy();
        return copy;
    }

    private void adopt(DoubleRatchet other) {
        rootKey = other.rootKey;
        ownPrivate = other.ownPrivate;
        ownPublic = other.ownPublic;
        otherPublic = other.otherPublic;
        sending = other.sending;
        receiving = other.receiving;
        previousSendingLength = other.previousSendingLength;
        sendingStepPending = other.sendingStepPending;
    }

    long sendingChainLength() {
        return sendingStepPending ? 0 : sending.length;
    }

    long receivingChainLength() {
        return receiving == null ? 0 : receiving.length;
    }

    int skippedKeyCount() {
        return skipped.size();
    }

    RatchetState toProto() {
        RatchetState.Builder state = RatchetState.newBuilder().setRootKey(ByteString.copyFrom(rootKey))
                .setOwnRatchetPriv(ByteString.copyFrom(ownPrivate)).setOtherRatchetPub(ByteString.copyFrom(otherPublic))
                .setSending(sending.toProto()).setPreviousSendingLength((int) previousSendingLength)
                .setSendingStepPending(sendingStepPending);
        if (receiving != null) {
            state.setReceiving(receiving.toProto());
        }
        if (ownPublic != null) {
            state.setOwnRatchetPub(ByteString.copyFrom(ownPublic)); // saves an X25519 per load-and-encrypt
        }
        skipped.forEach((id, key) -> state.addSkipped(SkippedKey.newBuilder()
                .setRatchetPub(ByteString.copyFrom(id.ratchetKey().duplicate())).setIndex((int) id.index())
                .setMessageKey(ByteString.copyFrom(key))));
        return state.build();
    }

    static DoubleRatchet fromProto(RatchetState state) throws MalformedMessageException {
        DoubleRatchet ratchet = new DoubleRatchet();
        ratchet.rootKey = key(state.getRootKey(), "root key");
        ratchet.ownPrivate = key(state.getOwnRatchetPriv(), "own ratchet key");
        // stored since the protocol keeps sessions as bytes; older bytes without it derive it when next needed
        ratchet.ownPublic = state.hasOwnRatchetPub() ? key(state.getOwnRatchetPub(), "own ratchet public key") : null;
        ratchet.otherPublic = key(state.getOtherRatchetPub(), "peer ratchet key");
        ratchet.sending = Chain.fromProto(state.getSending());
        ratchet.receiving = state.hasReceiving() ? Chain.fromProto(state.getReceiving()) : null;
        ratchet.previousSendingLength = Integer.toUnsignedLong(state.getPreviousSendingLength());
        ratchet.sendingStepPending = state.getSendingStepPending();
        for (SkippedKey skippedKey : state.getSkippedList()) {
            ratchet.skipped.put(new KeyId(ByteBuffer.wrap(key(skippedKey.getRatchetPub(), "skipped ratchet key")),
                    Integer.toUnsignedLong(skippedKey.getIndex())), key(skippedKey.getMessageKey(), "skipped key"));
        }
        return ratchet;
    }

    static byte[] key(ByteString bytes, String what) throws MalformedMessageException {
        if (bytes.size() != 32) {
            throw new MalformedMessageException("the " + what + " is 32 bytes, got " + bytes.size());
        }
        return bytes.toByteArray();
    }

    /** Which message a skipped key decrypts: the sender's ratchet key and the index in its chain. */
    private record KeyId(ByteBuffer ratchetKey, long index) {
    }

    /** A symmetric KDF chain: each step yields a message key and replaces the chain key. */
    private static final class Chain {
        private byte[] key;
        private long length;

        Chain(byte[] key) {
            this.key = key;
        }

        byte[] step() {
            byte[] messageKey = Primitives.hmac(key, MESSAGE_KEY_CONSTANT);
            key = Primitives.hmac(key, CHAIN_KEY_CONSTANT);
            length++;
            return messageKey;
        }

        Chain copy() {
            Chain copy = new Chain(key);
            copy.length = length;
            return copy;
        }

        ChainState toProto() {
            return ChainState.newBuilder().setKey(ByteString.copyFrom(key)).setLength((int) length).build();
        }

        static Chain fromProto(ChainState state) throws MalformedMessageException {
            Chain chain = new Chain(key(state.getKey(), "chain key"));
            chain.length = Integer.toUnsignedLong(state.getLength());
            return chain;
        }
    }
}
