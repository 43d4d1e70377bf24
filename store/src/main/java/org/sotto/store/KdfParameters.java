package org.sotto.store;

/**
 * Argon2id cost parameters for turning the passphrase into the database key.
 *
 * @param memoryKiB   memory in KiB (64 MiB to 4 GiB)
 * @param iterations  passes over the memory
 * @param parallelism lanes
 */
public record KdfParameters(int memoryKiB, int iterations, int parallelism) {
    /** 64 MiB is the floor: below it, GPU guessing gets cheap. */
    public static final int MINIMUM_MEMORY_KIB = 64 * 1024;
    /**
     * 4 GiB is the ceiling: the header file is plaintext, and a cost above it would make unlocking end in an
     * OutOfMemoryError (or run for hours) instead of a clear error.
     */
    public static final int MAXIMUM_MEMORY_KIB = 4 * 1024 * 1024;

    /**
     * 128 MiB, 3 passes, 2 lanes: about 0.5–1 s to unlock on the 2-core development machine (Bouncy Castle's
     * pure-Java Argon2id). Measured figures: docs/store.md and StoreUnlockBenchmark in docs/benchmarks.md.
     */
    public static final KdfParameters DEFAULT = new KdfParameters(128 * 1024, 3, 2);

    public KdfParameters {
        if (memoryKiB < MINIMUM_MEMORY_KIB) {
            throw new IllegalArgumentException("Argon2id memory must be at least 64 MiB, got " + memoryKiB + " KiB");
        }
        if (memoryKiB > MAXIMUM_MEMORY_KIB) {
            throw new IllegalArgumentException("Argon2id memory must be at most 4 GiB, got " + memoryKiB + " KiB");
        }
        if (iterations < 1 || iterations > 100) {
            throw new IllegalArgumentException("Argon2id iterations must be 1..100, got " + iterations);
        }
        if (parallelism < 1 || parallelism > 16) {
            throw new IllegalArgumentException("Argon2id parallelism must be 1..16, got " + parallelism);
        }
    }
}
