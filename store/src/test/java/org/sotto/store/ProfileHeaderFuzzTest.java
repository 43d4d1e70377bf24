package org.sotto.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The profile header is a plaintext file anyone with the disk can edit. Whatever it holds, reading it either fails
 * with {@link ProfileHeaderException} or gives a header whose key derivation is bounded (at most 4 GiB, 100 passes,
 * 16 lanes) and whose salt and key check are long enough. Seeds: {@code ProfileHeaderFuzzTestInputs/header}.
 */
class ProfileHeaderFuzzTest {
    private static final Path FILE = Path.of("profile.json");

    @FuzzTest
    void header(byte[] data) {
        ProfileHeader header;
        try {
            header = ProfileHeader.parse(data, FILE);
        } catch (ProfileHeaderException expected) {
            return;
        }
        assertEquals(ProfileHeader.FORMAT, header.format());
        assertEquals(ProfileHeader.KDF, header.kdf());
        assertEquals(ProfileHeader.CIPHER, header.cipher());
        assertTrue(header.saltBytes().length >= 16);
        assertTrue(header.keyCheckBytes().length >= 16);
        KdfParameters parameters = header.parameters();
        assertTrue(parameters.memoryKiB() <= KdfParameters.MAXIMUM_MEMORY_KIB);
        // what was read writes back to an equal header
        assertEquals(header, ProfileHeader.parse(header.toJson(), FILE));
    }
}
