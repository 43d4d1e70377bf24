package org.sotto.crypto.omemo2;

import java.security.SecureRandom;
import java.util.Arrays;

import org.sotto.crypto.AuthenticationFailedException;
import org.sotto.crypto.EncryptedPayload;
import org.sotto.crypto.InvalidKeyLengthException;
import org.sotto.crypto.OmemoException;
import org.sotto.crypto.PayloadEncryption;

/**
 * The payload encryption of XEP-0384 "Message Encryption": a fresh 32-byte key, HKDF-SHA-256 ("OMEMO Payload")
 * to an AES-256-CBC key, an HMAC-SHA-256 key and an IV; the key material sent to every device is
 * key || HMAC truncated to 16 bytes. The plaintext is an XEP-0420 SCE envelope, opaque here: core builds and
 * checks it.
 */
final class Omemo2Payload {
    /** Key material length: 32-byte key and 16-byte truncated HMAC. */
    static final int KEY_MATERIAL_LENGTH = 48;
    private static final int KEY_LENGTH = 32;
    private static final byte[] INFO = Primitives.info("OMEMO Payload");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Omemo2Payload() {
    }

    /** Key material of an empty OMEMO message (no payload): 32 zero bytes, as XEP-0384 defines it. */
    static byte[] emptyKeyMaterial() {
        return new byte[KEY_LENGTH];
    }

    /** Whether decrypted key material is that of an empty OMEMO message (key transport, heartbeat). */
    static boolean isEmptyKeyMaterial(byte[] keyMaterial) {
        return keyMaterial.length == KEY_LENGTH && Arrays.equals(keyMaterial, new byte[KEY_LENGTH]);
    }

    /** The payload (no IV: OMEMO 2 derives it) and the key material to encrypt for each device. */
    static PayloadEncryption encrypt(byte[] plaintext) {
        byte[] key = new byte[KEY_LENGTH];
        RANDOM.nextBytes(key);
        Primitives.DerivedKeys keys = Primitives.DerivedKeys.derive(key, INFO);
        byte[] ciphertext = Primitives.aesCbcEncrypt(keys.encryptionKey(), keys.iv(), plaintext);
        byte[] tag = Primitives.truncatedTag(keys.authenticationKey(), ciphertext);
        byte[] keyMaterial = new byte[KEY_MATERIAL_LENGTH];
        System.arraycopy(key, 0, keyMaterial, 0, KEY_LENGTH);
        System.arraycopy(tag, 0, keyMaterial, KEY_LENGTH, Primitives.TAG_LENGTH);
        Arrays.fill(key, (byte) 0);
        return new PayloadEncryption(new EncryptedPayload(null, ciphertext), keyMaterial);
    }

    static byte[] decrypt(byte[] ciphertext, byte[] keyMaterial) throws OmemoException {
        if (keyMaterial.length != KEY_MATERIAL_LENGTH) {
            throw new InvalidKeyLengthException("OMEMO 2 key material is " + KEY_MATERIAL_LENGTH + " bytes, got "
                    + keyMaterial.length + (keyMaterial.length == KEY_LENGTH ? " (an empty message has no payload)" : ""));
        }
        Primitives.DerivedKeys keys = Primitives.DerivedKeys.derive(Arrays.copyOf(keyMaterial, KEY_LENGTH), INFO);
        byte[] expected = Primitives.truncatedTag(keys.authenticationKey(), ciphertext);
        if (!Primitives.tagsEqual(expected, Arrays.copyOfRange(keyMaterial, KEY_LENGTH, KEY_MATERIAL_LENGTH))) {
            throw new AuthenticationFailedException("the payload's HMAC does not match: altered or not ours");
        }
        return Primitives.aesCbcDecrypt(keys.encryptionKey(), keys.iv(), ciphertext);
    }
}
