package org.sotto.crypto.omemo03;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.sotto.crypto.AuthenticationFailedException;
import org.sotto.crypto.EncryptedPayload;
import org.sotto.crypto.InvalidKeyLengthException;
import org.sotto.crypto.PayloadEncryption;

/** The OMEMO 0.3 payload; the current form is proven against python-omemo, the old Conversations form here. */
class GcmPayloadTest {
    private static final byte[] TEXT = "to be or not to be".getBytes(StandardCharsets.UTF_8);

    @Test
    void keyMaterialIsKeyAndTagAndThePayloadHasNoTag() throws Exception {
        PayloadEncryption encryption = new GcmPayload(new SecureRandom()).encrypt(TEXT);
        assertEquals(32, encryption.keyMaterial().length);
        assertEquals(12, encryption.payload().iv().length);
        assertEquals(TEXT.length, encryption.payload().ciphertext().length);
        assertArrayEquals(TEXT, GcmPayload.decrypt(encryption.payload(), encryption.keyMaterial()));
    }

    @Test
    void readsTheOldConversationsFormWithTheTagInThePayloadAndASixteenByteIv() throws Exception {
        byte[] key = new byte[16];
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(key);
        new SecureRandom().nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        byte[] ciphertextAndTag = cipher.doFinal(TEXT);
        assertArrayEquals(TEXT, GcmPayload.decrypt(new EncryptedPayload(iv, ciphertextAndTag), key));
        ciphertextAndTag[ciphertextAndTag.length - 1] ^= 1;
        assertThrows(AuthenticationFailedException.class,
                () -> GcmPayload.decrypt(new EncryptedPayload(iv, ciphertextAndTag), key));
        assertThrows(InvalidKeyLengthException.class,
                () -> GcmPayload.decrypt(new EncryptedPayload(iv, ciphertextAndTag), new byte[20]));
    }
}
