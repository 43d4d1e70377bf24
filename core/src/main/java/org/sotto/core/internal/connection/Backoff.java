package org.sotto.core.internal.connection;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter ("AWS full jitter"): attempt n waits a random time in
 * [base·2^(n-1)/2, base·2^(n-1)], capped at {@code max}, so clients that lost one server don't return in lockstep.
 */
public final class Backoff {
    private final Duration base;
    private final Duration max;
    private final RandomGenerator random;

    public Backoff(Duration base, Duration max, RandomGenerator random) {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= max, got base " + base + ", max " + max);
        }
        this.base = base;
        this.max = max;
        this.random = Objects.requireNonNull(random);
    }

    public static Backoff standard() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), jitter());
    }

    /**
     * The jitter's source: {@link Random} (thread-safe; enough for spreading reconnects), not
     * {@code RandomGenerator.getDefault()}, whose first call looks through every generator's provider (20–30 ms
     * before the first window).
     */
    public static RandomGenerator jitter() {
        return new Random();
    }

    /** The delay before attempt {@code attempt} (1 = the first retry). */
    public Duration delay(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt counts from 1, got " + attempt);
        }
        long ceiling = base.toMillis();
        for (int i = 1; i < attempt && ceiling < max.toMillis(); i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, max.toMillis());
        long floor = ceiling / 2;
        return Duration.ofMillis(floor + random.nextLong(ceiling - floor + 1));
    }
}
