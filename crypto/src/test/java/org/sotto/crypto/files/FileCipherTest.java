package org.sotto.crypto.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import org.sotto.crypto.files.FileCipher.FileKey;

class FileCipherTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void matchesTheJdksAesGcmAndRoundTripsLargeFiles() throws Exception {
        byte[] plaintext = new byte[300_000];
        random.nextBytes(plaintext);
        FileKey key = FileKey.random(random);
        AtomicLong progress = new AtomicLong();

        ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
        FileCipher.encrypt(key, new ByteArrayInputStream(plaintext), encrypted, progress::set);
        assertEquals(plaintext.length, progress.get());
        assertEquals(FileCipher.encryptedSize(plaintext.length), encrypted.size());

        // an independent implementation (the JDK's) agrees byte for byte, tag appended at the end
        Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
        jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.key(), "AES"), new GCMParameterSpec(128, key.iv()));
        assertArrayEquals(jdk.doFinal(plaintext), encrypted.toByteArray());

        ByteArrayOutputStream decrypted = new ByteArrayOutputStream();
        FileCipher.decrypt(key, new ByteArrayInputStream(encrypted.toByteArray()), decrypted, p -> { });
        assertArrayEquals(plaintext, decrypted.toByteArray());
    }

    @Test
    void anAlteredTruncatedOrWronglyKeyedFileIsRefused() throws Exception {
        FileKey key = FileKey.random(random);
        ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
        FileCipher.encrypt(key, new ByteArrayInputStream("the plans".getBytes()), encrypted, p -> { });
        byte[] altered = encrypted.toByteArray();
        altered[3] ^= 1;
        assertThrows(FileCipher.TamperedFileException.class, () -> FileCipher.decrypt(key,
                new ByteArrayInputStream(altered), new ByteArrayOutputStream(), p -> { }));
        byte[] truncated = Arrays.copyOf(encrypted.toByteArray(), encrypted.size() - 1);
        assertThrows(FileCipher.TamperedFileException.class, () -> FileCipher.decrypt(key,
                new ByteArrayInputStream(truncated), new ByteArrayOutputStream(), p -> { }));
        assertThrows(FileCipher.TamperedFileException.class, () -> FileCipher.decrypt(FileKey.random(random),
                new ByteArrayInputStream(encrypted.toByteArray()), new ByteArrayOutputStream(), p -> { }));
    }

    @Test
    void keysHaveTheirSizesAndNeverPrint() {
        assertThrows(IllegalArgumentException.class, () -> new FileKey(new byte[16], new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> new FileKey(new byte[12], new byte[16]));
        FileKey key = new FileKey(HexFormat.of().parseHex("8c3d050e9386ec173861778f"), new byte[32]);
        assertEquals("FileKey[hidden]", key.toString());
    }
}
