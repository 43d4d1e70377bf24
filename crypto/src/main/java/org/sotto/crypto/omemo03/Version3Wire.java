package org.sotto.crypto.omemo03;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * libsignal 0.68 writes the version byte of a version-3 (pre-Kyber) message as 0x34: the message version 3 in
 * the high nibble, its own current version 4 in the low one. OMEMO 0.3 peers wrote 0x33 for ever, and python-omemo
 * (oldmemo, used by Gajim) accepts nothing else. So every message we send is rewritten to 0x33 and, since the
 * version byte is covered by the 8-byte MAC, re-authenticated with the message's MAC key, derived from the sending
 * chain key exactly as libsignal and oldmemo derive it (HMAC-SHA-256 seed, HKDF "WhisperMessageKeys"). The derived
 * key is first checked against libsignal's own MAC, so a mismatch can never produce a broken message silently.
 * While re-authenticating, the previous-chain counter is corrected to what the spec and python-omemo expect.
 */
final class Version3Wire {
    static final byte VERSION_3 = 0x33;
    private static final int MAC_LENGTH = 8;
    private static final int PREKEY_MESSAGE_FIELD = 4;
    private static final int PREVIOUS_COUNTER_FIELD = 3;
    private static final byte[] MESSAGE_KEY_SEED = {0x01};
    private static final byte[] MESSAGE_KEYS_INFO = "WhisperMessageKeys".getBytes(StandardCharsets.US_ASCII);

    private Version3Wire() {
    }

    /** The MAC key of the message that the given sending chain key encrypts next. */
    static byte[] macKey(byte[] chainKey) {
        byte[] seed = hmac(chainKey, MESSAGE_KEY_SEED);
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(seed, null, MESSAGE_KEYS_INFO));
        byte[] keys = new byte[80];
        hkdf.generateBytes(keys, 0, keys.length);
        byte[] macKey = Arrays.copyOfRange(keys, 32, 64);
        Arrays.fill(keys, (byte) 0);
        Arrays.fill(seed, (byte) 0);
        return macKey;
    }

    /** A SignalMessage (version byte, protobuf, 8-byte MAC) with version byte 0x33 and its MAC recomputed. */
    static byte[] signalMessage(byte[] message, byte[] macKey, byte[] senderIdentity, byte[] receiverIdentity) {
        if (message[0] == VERSION_3) {
            return message;
        }
        int body = message.length - MAC_LENGTH;
        byte[] expected = mac(macKey, senderIdentity, receiverIdentity, message, body);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(message, body, message.length))) {
            throw new IllegalStateException("the derived MAC key does not reproduce libsignal's MAC; refusing to rewrite"
                    + " the message version");
        }
        byte[] protobuf = withSpecPreviousCounter(Arrays.copyOfRange(message, 1, body));
        byte[] rewritten = new byte[1 + protobuf.length + MAC_LENGTH];
        rewritten[0] = VERSION_3;
        System.arraycopy(protobuf, 0, rewritten, 1, protobuf.length);
        int newBody = 1 + protobuf.length;
        System.arraycopy(mac(macKey, senderIdentity, receiverIdentity, rewritten, newBody), 0, rewritten, newBody,
                MAC_LENGTH);
        return rewritten;
    }

    /**
     * libsignal puts the index of the last message of the previous sending chain into previousCounter (count - 1);
     * the Double Ratchet spec and python-omemo read it as the number of messages in that chain and skip (store)
     * only that many keys, so the last message of a chain, arriving after one of the next chain, would not decrypt
     * there. libsignal itself never reads the field (it keeps old receiving chains instead), so sending the count
     * costs libsignal peers nothing. For an empty previous chain this announces one message too many, which only
     * makes the receiver keep one unused skipped key.
     */
    private static byte[] withSpecPreviousCounter(byte[] protobuf) {
        try {
            UnknownFieldSet fields = UnknownFieldSet.parseFrom(protobuf);
            List<Long> previous = fields.getField(PREVIOUS_COUNTER_FIELD).getVarintList();
            if (previous.size() != 1) {
                return protobuf;
            }
            return UnknownFieldSet.newBuilder(fields).clearField(PREVIOUS_COUNTER_FIELD)
                    .addField(PREVIOUS_COUNTER_FIELD, UnknownFieldSet.Field.newBuilder()
                            .addVarint(previous.get(0) + 1).build())
                    .build().toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("libsignal wrote a SignalMessage protobuf cannot read", e);
        }
    }

    /** A PreKeySignalMessage with version byte 0x33 around its SignalMessage rewritten the same way. */
    static byte[] preKeySignalMessage(byte[] message, byte[] macKey, byte[] senderIdentity, byte[] receiverIdentity) {
        if (message[0] == VERSION_3) {
            return message;
        }
        try {
            UnknownFieldSet fields = UnknownFieldSet.parseFrom(Arrays.copyOfRange(message, 1, message.length));
            List<ByteString> inner = fields.getField(PREKEY_MESSAGE_FIELD).getLengthDelimitedList();
            if (inner.size() != 1) {
                throw new IllegalStateException("a PreKeySignalMessage from libsignal without exactly one message");
            }
            byte[] rewrittenInner = signalMessage(inner.get(0).toByteArray(), macKey, senderIdentity, receiverIdentity);
            UnknownFieldSet rewritten = UnknownFieldSet.newBuilder(fields).clearField(PREKEY_MESSAGE_FIELD)
                    .addField(PREKEY_MESSAGE_FIELD, UnknownFieldSet.Field.newBuilder()
                            .addLengthDelimited(ByteString.copyFrom(rewrittenInner)).build())
                    .build();
            byte[] body = rewritten.toByteArray();
            byte[] result = new byte[body.length + 1];
            result[0] = VERSION_3;
            System.arraycopy(body, 0, result, 1, body.length);
            return result;
        } catch (IOException e) {
            throw new IllegalStateException("libsignal wrote a PreKeySignalMessage protobuf cannot read", e);
        }
    }

    private static byte[] mac(byte[] macKey, byte[] senderIdentity, byte[] receiverIdentity, byte[] message, int length) {
        HMac hmac = new HMac(new SHA256Digest());
        hmac.init(new KeyParameter(macKey));
        hmac.update(senderIdentity, 0, senderIdentity.length);
        hmac.update(receiverIdentity, 0, receiverIdentity.length);
        hmac.update(message, 0, length);
        byte[] full = new byte[32];
        hmac.doFinal(full, 0);
        return Arrays.copyOf(full, MAC_LENGTH);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        HMac hmac = new HMac(new SHA256Digest());
        hmac.init(new KeyParameter(key));
        hmac.update(data, 0, data.length);
        byte[] out = new byte[32];
        hmac.doFinal(out, 0);
        return out;
    }
}
