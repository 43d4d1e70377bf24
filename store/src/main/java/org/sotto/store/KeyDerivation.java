package org.sotto.store;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.KeyParameter;

/** Passphrase → 256-bit database key with Argon2id, and the key check kept in the header. */
final class KeyDerivation {
    static final int KEY_BYTES = 32;
    static final int SALT_BYTES = 16;
    private static final byte[] KEY_CHECK_LABEL = "sotto/profile-key-check/v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyDerivation() {
    }

    static byte[] newSalt() {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return salt;
    }

    static byte[] deriveKey(char[] passphrase, byte[] salt, KdfParameters parameters) {
        if (passphrase == null || passphrase.length == 0) {
            throw new IllegalArgumentException("the passphrase is empty");
        }
        Argon2Parameters argon = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(parameters.memoryKiB())
                .withIterations(parameters.iterations())
                .withParallelism(parameters.parallelism())
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(argon);
        byte[] utf8 = toUtf8(passphrase);
        byte[] key = new byte[KEY_BYTES];
        try {
            generator.generateBytes(utf8, key);
        } finally {
            Arrays.fill(utf8, (byte) 0);
        }
        return key;
    }

    /** 16 bytes of HMAC-SHA256(key, label): tells a wrong passphrase from a damaged database. */
    static byte[] keyCheck(byte[] key) {
        HMac mac = new HMac(new SHA256Digest());
        mac.init(new KeyParameter(key));
        mac.update(KEY_CHECK_LABEL, 0, KEY_CHECK_LABEL.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return Arrays.copyOf(out, 16);
    }

    static boolean matches(byte[] key, byte[] expectedCheck) {
        return MessageDigest.isEqual(keyCheck(key), expectedCheck);
    }

    private static byte[] toUtf8(char[] chars) {
        var buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        if (buffer.hasArray()) {
            Arrays.fill(buffer.array(), (byte) 0);
        }
        return bytes;
    }
}
