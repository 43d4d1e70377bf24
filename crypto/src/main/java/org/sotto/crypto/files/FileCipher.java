package org.sotto.crypto.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.function.LongConsumer;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES-256-GCM over streams, as OMEMO media sharing (XEP-0454) uses it: a random 32-byte key and 12-byte IV per
 * file, the 16-byte tag appended to the ciphertext. Streams in fixed memory whatever the file size.
 */
public final class FileCipher {
    public static final int KEY_BYTES = 32;
    public static final int IV_BYTES = 12;
    public static final int TAG_BYTES = 16;
    private static final int CHUNK = 64 * 1024;

    /** The key and IV of one file. */
    public record FileKey(byte[] iv, byte[] key) {
        public FileKey {
            if (iv == null || iv.length != IV_BYTES) {
                throw new IllegalArgumentException("a file IV is " + IV_BYTES + " bytes, got " + (iv == null ? "none" : iv.length));
            }
            if (key == null || key.length != KEY_BYTES) {
                throw new IllegalArgumentException("a file key is " + KEY_BYTES + " bytes, got " + (key == null ? "none" : key.length));
            }
            iv = iv.clone();
            key = key.clone();
        }

        public static FileKey random(SecureRandom random) {
            byte[] iv = new byte[IV_BYTES];
            byte[] key = new byte[KEY_BYTES];
            random.nextBytes(iv);
            random.nextBytes(key);
            return new FileKey(iv, key);
        }

        @Override
        public byte[] iv() {
            return iv.clone();
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public String toString() {
            return "FileKey[hidden]";
        }
    }

    /** Raised when the ciphertext was altered or the key is wrong; nothing decrypted may be used. */
    public static final class TamperedFileException extends Exception {
        private static final long serialVersionUID = 1L;

        TamperedFileException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private FileCipher() {
    }

    /** Size of the encrypted file for a plaintext of {@code plaintextSize} bytes (what an upload slot must allow). */
    public static long encryptedSize(long plaintextSize) {
        return plaintextSize + TAG_BYTES;
    }

    /** Encrypts {@code in} to {@code out}, reporting the plaintext bytes done so far to {@code progress}. */
    public static void encrypt(FileKey fileKey, InputStream in, OutputStream out, LongConsumer progress) throws IOException {
        GCMModeCipher gcm = cipher(true, fileKey);
        process(gcm, in, out, progress);
        try {
            byte[] last = new byte[gcm.getOutputSize(0)];
            out.write(last, 0, gcm.doFinal(last, 0));
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("encryption cannot fail authentication", e);
        }
    }

    /**
     * Decrypts {@code in} to {@code out} and checks the tag at the end. Plaintext is written before the check can
     * happen, so write to a temporary place and keep it only when this returns normally.
     *
     * @throws TamperedFileException when the tag does not verify (altered file or wrong key)
     */
    public static void decrypt(FileKey fileKey, InputStream in, OutputStream out, LongConsumer progress)
            throws IOException, TamperedFileException {
        GCMModeCipher gcm = cipher(false, fileKey);
        process(gcm, in, out, progress);
        try {
            byte[] last = new byte[gcm.getOutputSize(0)];
            out.write(last, 0, gcm.doFinal(last, 0));
        } catch (InvalidCipherTextException e) {
            throw new TamperedFileException("the file does not match its key: it was altered, truncated, or the key is wrong", e);
        }
    }

    private static void process(GCMModeCipher gcm, InputStream in, OutputStream out, LongConsumer progress) throws IOException {
        byte[] input = new byte[CHUNK];
        byte[] output = new byte[gcm.getUpdateOutputSize(CHUNK) + TAG_BYTES];
        long done = 0;
        int read;
        while ((read = in.read(input)) > 0) {
            int produced = gcm.processBytes(input, 0, read, output, 0);
            out.write(output, 0, produced);
            done += read;
            progress.accept(done);
        }
    }

    private static GCMModeCipher cipher(boolean encrypt, FileKey fileKey) {
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(encrypt, new AEADParameters(new KeyParameter(fileKey.key()), TAG_BYTES * 8, fileKey.iv()));
        return gcm;
    }
}
