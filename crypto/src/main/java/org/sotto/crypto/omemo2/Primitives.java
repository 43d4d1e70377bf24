package org.sotto.crypto.omemo2;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.sotto.crypto.MalformedMessageException;

/**
 * HKDF-SHA-256 (RFC 5869), HMAC-SHA-256 and AES-256-CBC with PKCS#7 padding, on the JDK's providers (which use
 * the CPU's AES and SHA instructions). One Mac and Cipher per thread: creating them costs more than using them.
 */
final class Primitives {
    static final byte[] ZERO_SALT = new byte[32];
    static final int TAG_LENGTH = 16;

    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    });
    private static final ThreadLocal<Cipher> AES_CBC = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/CBC/PKCS5Padding"); // PKCS5Padding is PKCS#7 for 16-byte blocks
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC is part of every Java runtime", e);
        }
    });

    private Primitives() {
    }

    static byte[] info(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] hmac(byte[] key, byte[]... parts) {
        Mac mac = HMAC.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC key refused", e);
        }
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    static byte[] hkdf(byte[] inputKeyMaterial, byte[] salt, byte[] info, int length) {
        byte[] prk = hmac(salt.length == 0 ? ZERO_SALT : salt, inputKeyMaterial);
        byte[] output = new byte[length];
        byte[] block = new byte[0];
        int offset = 0;
        for (int counter = 1; offset < length; counter++) {
            block = hmac(prk, block, info, new byte[] {(byte) counter});
            int take = Math.min(block.length, length - offset);
            System.arraycopy(block, 0, output, offset, take);
            offset += take;
        }
        Arrays.fill(prk, (byte) 0);
        return output;
    }

    static byte[] truncatedTag(byte[] authenticationKey, byte[]... parts) {
        return Arrays.copyOf(hmac(authenticationKey, parts), TAG_LENGTH);
    }

    static boolean tagsEqual(byte[] expected, byte[] received) {
        return MessageDigest.isEqual(expected, received);
    }

    static byte[] aesCbcEncrypt(byte[] key, byte[] iv, byte[] plaintext) {
        Cipher cipher = AES_CBC.get();
        try {
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC encryption failed", e);
        }
    }

    static byte[] aesCbcDecrypt(byte[] key, byte[] iv, byte[] ciphertext) throws MalformedMessageException {
        if (ciphertext.length == 0 || ciphertext.length % 16 != 0) {
            // the JDK's cipher decrypts an empty input to an empty output without a padding error
            throw new MalformedMessageException("the AES-256-CBC ciphertext is " + ciphertext.length
                    + " bytes, not one or more whole blocks");
        }
        Cipher cipher = AES_CBC.get();
        try {
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return cipher.doFinal(ciphertext);
        } catch (IllegalBlockSizeException | BadPaddingException e) {
            throw new MalformedMessageException("the AES-256-CBC ciphertext is not padded correctly", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC decryption failed", e);
        }
    }

    /** 80 bytes of HKDF output split into encryption key (32), authentication key (32) and IV (16). */
    record DerivedKeys(byte[] encryptionKey, byte[] authenticationKey, byte[] iv) {
        static DerivedKeys derive(byte[] key, byte[] info) {
            byte[] out = hkdf(key, ZERO_SALT, info, 80);
            return new DerivedKeys(Arrays.copyOfRange(out, 0, 32), Arrays.copyOfRange(out, 32, 64),
                    Arrays.copyOfRange(out, 64, 80));
        }
    }
}
