package org.sotto.core.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

import javax.net.ssl.X509TrustManager;

import org.sotto.core.internal.connection.Backoff;
import org.sotto.core.internal.connection.PinningTrustManager;
import org.sotto.crypto.OmemoVersion;

/**
 * Tunables of the core. {@code baseTrust} is the trust store that pinned certificates are added to: the system
 * trust store, except in tests that bring their own CA.
 *
 * @param catchUpPageSize    MAM page size for catch-up (Prosody allows up to 250 by default)
 * @param initialHistorySize how many recent archive messages a first login fetches
 * @param omemoVersions      OMEMO versions every account speaks, with its state from {@code Persistence.omemoStore};
 *                           empty: OMEMO only where a session's {@code enableOmemo} is called (core's own tests)
 */
public record SottoOptions(X509TrustManager baseTrust, Backoff backoff, Duration pingInterval, Duration replyTimeout,
                           int catchUpPageSize, int initialHistorySize, Set<OmemoVersion> omemoVersions) {
    public SottoOptions {
        Objects.requireNonNull(baseTrust);
        Objects.requireNonNull(backoff);
        Objects.requireNonNull(pingInterval);
        Objects.requireNonNull(replyTimeout);
        omemoVersions = Set.copyOf(omemoVersions);
        if (catchUpPageSize < 1 || initialHistorySize < 0) {
            throw new IllegalArgumentException("page sizes must be positive");
        }
    }

    public static SottoOptions defaults() {
        return new SottoOptions(PinningTrustManager.system(), Backoff.standard(), Duration.ofMinutes(1),
                Duration.ofSeconds(20), 250, 100, Set.of());
    }

    public SottoOptions withBaseTrust(X509TrustManager trust) {
        return new SottoOptions(trust, backoff, pingInterval, replyTimeout, catchUpPageSize, initialHistorySize, omemoVersions);
    }

    public SottoOptions withBackoff(Duration base, Duration max) {
        return new SottoOptions(baseTrust, new Backoff(base, max, Backoff.jitter()), pingInterval,
                replyTimeout, catchUpPageSize, initialHistorySize, omemoVersions);
    }

    public SottoOptions withPingInterval(Duration interval) {
        return new SottoOptions(baseTrust, backoff, interval, replyTimeout, catchUpPageSize, initialHistorySize, omemoVersions);
    }

    public SottoOptions withReplyTimeout(Duration timeout) {
        return new SottoOptions(baseTrust, backoff, pingInterval, timeout, catchUpPageSize, initialHistorySize, omemoVersions);
    }

    public SottoOptions withInitialHistorySize(int size) {
        return new SottoOptions(baseTrust, backoff, pingInterval, replyTimeout, catchUpPageSize, size, omemoVersions);
    }

    public SottoOptions withCatchUpPageSize(int size) {
        return new SottoOptions(baseTrust, backoff, pingInterval, replyTimeout, size, initialHistorySize, omemoVersions);
    }

    /** Every account of this Sotto speaks these OMEMO versions (a profile: both). */
    public SottoOptions withOmemo(Set<OmemoVersion> versions) {
        return new SottoOptions(baseTrust, backoff, pingInterval, replyTimeout, catchUpPageSize, initialHistorySize,
                versions);
    }
}
