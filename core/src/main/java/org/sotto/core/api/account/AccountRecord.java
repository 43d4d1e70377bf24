package org.sotto.core.api.account;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * An account as Sotto keeps it (the password is kept apart, see {@link AccountRepository#password}).
 *
 * @param host               connect here instead of resolving the domain (DNS SRV), e.g. 127.0.0.1
 * @param pinnedCertificates SHA-256 fingerprints of server certificates the user accepted for this account
 */
public record AccountRecord(String jid, String resource, Optional<String> host, OptionalInt port,
                            Set<String> pinnedCertificates, boolean enabled) {
    public AccountRecord {
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(port, "port");
        pinnedCertificates = Set.copyOf(pinnedCertificates);
    }

    public static AccountRecord of(String jid) {
        return new AccountRecord(jid, "sotto", Optional.empty(), OptionalInt.empty(), Set.of(), true);
    }

    public AccountRecord withServer(String host, int port) {
        return new AccountRecord(jid, resource, Optional.of(host), OptionalInt.of(port), pinnedCertificates, enabled);
    }

    public AccountRecord withResource(String next) {
        return new AccountRecord(jid, next, host, port, pinnedCertificates, enabled);
    }

    public AccountRecord withPinnedCertificate(String sha256) {
        Set<String> pins = new TreeSet<>(pinnedCertificates);
        pins.add(sha256);
        return new AccountRecord(jid, resource, host, port, pins, enabled);
    }

    public AccountRecord withEnabled(boolean next) {
        return new AccountRecord(jid, resource, host, port, pinnedCertificates, next);
    }
}
