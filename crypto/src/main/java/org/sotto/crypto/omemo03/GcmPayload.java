package org.sotto.crypto.omemo03;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.sotto.crypto.AuthenticationFailedException;
import org.sotto.crypto.EncryptedPayload;
import org.sotto.crypto.InvalidKeyLengthException;
import org.sotto.crypto.MalformedMessageException;
import org.sotto.crypto.PayloadEncryption;

/**
 * The OMEMO 0.3 payload as Conversations and python-omemo (oldmemo) do it: AES-128-GCM with a 12-byte IV; the
 * 16-byte key and the 16-byte tag are concatenated into the 32 bytes of key material that travel in each key
 * element, and the payload is the ciphertext without the tag. Received, the older Conversations form (16-byte key
 * material, tag appended to the payload; 16-byte IV) is read as well.
 */
final class GcmPayload {
    static final int KEY_LENGTH = 16;
    static final int TAG_LENGTH = 16;
    static final int IV_LENGTH = 12;

    private final SecureRandom random;

    GcmPayload(SecureRandom random) {
        this.random = random;
    }

    PayloadEncryption encrypt(byte[] plaintext) {
        byte[] key = new byte[KEY_LENGTH];
        byte[] iv = new byte[IV_LENGTH];
        random.nextBytes(key);
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, iv));
            byte[] sealed = cipher.doFinal(plaintext);
            int ciphertextLength = sealed.length - TAG_LENGTH;
            byte[] keyMaterial = new byte[KEY_LENGTH + TAG_LENGTH];
            System.arraycopy(key, 0, keyMaterial, 0, KEY_LENGTH);
            System.arraycopy(sealed, ciphertextLength, keyMaterial, KEY_LENGTH, TAG_LENGTH);
            Arrays.fill(key, (byte) 0);
            return new PayloadEncryption(new EncryptedPayload(iv, Arrays.copyOf(sealed, ciphertextLength)), keyMaterial);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-128-GCM is part of every Java runtime", e);
        }
    }

    /** A key transport message: a fresh 16-byte key and IV, no payload (python-omemo sends the same). */
    PayloadEncryption keyTransport() {
        byte[] key = new byte[KEY_LENGTH];
        byte[] iv = new byte[IV_LENGTH];
        random.nextBytes(key);
        random.nextBytes(iv);
        return new PayloadEncryption(new EncryptedPayload(iv, new byte[0]), key);
    }

    static byte[] decrypt(EncryptedPayload payload, byte[] keyMaterial)
            throws InvalidKeyLengthException, MalformedMessageException, AuthenticationFailedException {
        byte[] iv = payload.iv();
        if (iv.length != 12 && iv.length != 16) {
            throw new MalformedMessageException("an OMEMO 0.3 IV is 12 (or, from old clients, 16) bytes, got " + iv.length);
        }
        byte[] sealed;
        if (keyMaterial.length == KEY_LENGTH + TAG_LENGTH) {
            byte[] ciphertext = payload.ciphertext();
            sealed = Arrays.copyOf(ciphertext, ciphertext.length + TAG_LENGTH);
            System.arraycopy(keyMaterial, KEY_LENGTH, sealed, ciphertext.length, TAG_LENGTH);
        } else if (keyMaterial.length == KEY_LENGTH) {
            sealed = payload.ciphertext(); // old Conversations: the tag is the end of the payload
            if (sealed.length < TAG_LENGTH) {
                throw new MalformedMessageException("the payload is shorter than its GCM tag");
            }
        } else {
            throw new InvalidKeyLengthException("OMEMO 0.3 key material is 32 bytes (key and tag), got "
                    + keyMaterial.length);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keyMaterial, 0, KEY_LENGTH, "AES"),
                    new GCMParameterSpec(TAG_LENGTH * 8, iv));
            return cipher.doFinal(sealed);
        } catch (AEADBadTagException e) {
            throw new AuthenticationFailedException("the payload's GCM tag does not match: altered, or not this key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-128-GCM is part of every Java runtime", e);
        }
    }
}
