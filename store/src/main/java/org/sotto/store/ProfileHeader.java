package org.sotto.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The small plaintext file beside the database: what is needed to derive the key from the passphrase, and a
 * short key check so a wrong passphrase can be told apart from a damaged database. It holds no secret: the
 * salt and cost are public by design, and the key check is no easier to attack than the database itself.
 */
record ProfileHeader(
        @JsonProperty("format") int format,
        @JsonProperty("kdf") String kdf,
        @JsonProperty("salt") String salt,
        @JsonProperty("memoryKiB") int memoryKiB,
        @JsonProperty("iterations") int iterations,
        @JsonProperty("parallelism") int parallelism,
        @JsonProperty("cipher") String cipher,
        @JsonProperty("keyCheck") String keyCheck) {

    static final int FORMAT = 1;
    static final String KDF = "argon2id";
    static final String CIPHER = "sqlite3mc-chacha20";
    /** A header is a few hundred bytes; a larger file is not read into memory. */
    static final int MAX_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    static ProfileHeader of(byte[] salt, KdfParameters parameters, byte[] keyCheck) {
        Base64.Encoder b64 = Base64.getEncoder();
        return new ProfileHeader(FORMAT, KDF, b64.encodeToString(salt), parameters.memoryKiB(),
                parameters.iterations(), parameters.parallelism(), CIPHER, b64.encodeToString(keyCheck));
    }

    byte[] saltBytes() {
        return Base64.getDecoder().decode(salt);
    }

    byte[] keyCheckBytes() {
        return Base64.getDecoder().decode(keyCheck);
    }

    KdfParameters parameters() {
        return new KdfParameters(memoryKiB, iterations, parallelism);
    }

    static ProfileHeader read(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ProfileHeaderException("The profile header " + file + " is damaged (larger than "
                        + MAX_BYTES + " bytes)");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ProfileHeaderException("The profile header " + file + " is missing; without it the database "
                    + "cannot be unlocked", e);
        } catch (IOException e) {
            throw new ProfileHeaderException("Cannot read the profile header " + file + ": " + e.getMessage(), e);
        }
        return parse(bytes, file);
    }

    /** The header in {@code bytes}, read from {@code file} (named in the errors); only ProfileHeaderException. */
    static ProfileHeader parse(byte[] bytes, Path file) {
        ProfileHeader header;
        try {
            header = JSON.readValue(bytes, ProfileHeader.class);
        } catch (IOException e) {
            throw new ProfileHeaderException("The profile header " + file + " is damaged (not valid JSON)", e);
        }
        if (header == null) { // the JSON text null
            throw new ProfileHeaderException("The profile header " + file + " is damaged (not a JSON object)");
        }
        header.validate(file);
        return header;
    }

    private void validate(Path file) {
        if (format > FORMAT) {
            throw new ProfileHeaderException("The profile header " + file + " has format " + format
                    + ", written by a newer Sotto; this version knows format " + FORMAT);
        }
        if (format != FORMAT || !KDF.equals(kdf) || !CIPHER.equals(cipher) || salt == null || keyCheck == null) {
            throw new ProfileHeaderException("The profile header " + file + " is damaged or of an unknown kind");
        }
        try {
            if (saltBytes().length < 16 || keyCheckBytes().length < 16) {
                throw new ProfileHeaderException("The profile header " + file + " has a short salt or key check");
            }
            parameters();
        } catch (IllegalArgumentException e) {
            throw new ProfileHeaderException("The profile header " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    byte[] toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the profile header", e);
        }
    }
}
