package org.sotto.store;

import java.nio.file.Path;

/** Cheap key derivation for tests (still the 64 MiB floor) and a ready account + conversation. */
final class TestProfiles {
    static final KdfParameters FAST = new KdfParameters(KdfParameters.MINIMUM_MEMORY_KIB, 1, 1);
    static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    private TestProfiles() {
    }

    static Profile create(Path dir) {
        return Profile.create(dir, PASSPHRASE.clone(), FAST);
    }

    static Profile unlock(Path dir) {
        return Profile.unlock(dir, PASSPHRASE.clone());
    }
}
