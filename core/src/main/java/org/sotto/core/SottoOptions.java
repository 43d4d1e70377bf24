package org.sotto.core;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

import javax.net.ssl.X509TrustManager;

import org.sotto.core.connection.Backoff;
import org.sotto.core.connection.PinningTrustManager;

/**
 * Tunables of the core. {@code baseTrust} is the trust store that pinned certificates are added to: the system
 * trust store, except in tests that bring their own CA.
 *
 * @param catchUpPageSize    MAM page size for catch-up (Prosody allows up to 250 by default)
 * @param initialHistorySize how many recent archive messages a first login fetches
 */
public record SottoOptions(X509TrustManager baseTrust, Backoff backoff, Duration pingInterval, Duration replyTimeout,
                           int catchUpPageSize, int initialHistorySize) {
    public SottoOptions {
        Objects.requireNonNull(baseTrust);
        Objects.requireNonNull(backoff);
        Objects.requireNonNull(pingInterval);
        Objects.requireNonNull(replyTimeout);
        if (catchUpPageSize < 1 || initialHistorySize < 0) {
            throw new IllegalArgumentException("page sizes must be positive");
        }
    }

    public static SottoOptions defaults() {
        return new SottoOptions(PinningTrustManager.system(), Backoff.standard(), Duration.ofMinutes(1),
                Duration.ofSeconds(20), 250, 100);
    }

    public SottoOptions withBaseTrust(X509TrustManager trust) {
        return new SottoOptions(trust, backoff, pingInterval, replyTimeout, catchUpPageSize, initialHistorySize);
    }

    public SottoOptions withBackoff(Duration base, Duration max) {
        return new SottoOptions(baseTrust, new Backoff(base, max, RandomGenerator.getDefault()), pingInterval,
                replyTimeout, catchUpPageSize, initialHistorySize);
    }

    public SottoOptions withPingInterval(Duration interval) {
        return new SottoOptions(baseTrust, backoff, interval, replyTimeout, catchUpPageSize, initialHistorySize);
    }

    public SottoOptions withReplyTimeout(Duration timeout) {
        return new SottoOptions(baseTrust, backoff, pingInterval, timeout, catchUpPageSize, initialHistorySize);
    }

    public SottoOptions withInitialHistorySize(int size) {
        return new SottoOptions(baseTrust, backoff, pingInterval, replyTimeout, catchUpPageSize, size);
    }

    public SottoOptions withCatchUpPageSize(int size) {
        return new SottoOptions(baseTrust, backoff, pingInterval, replyTimeout, size, initialHistorySize);
    }
}
