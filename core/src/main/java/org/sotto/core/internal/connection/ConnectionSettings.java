package org.sotto.core.internal.connection;

import java.util.Objects;
import java.util.Optional;

import javax.net.ssl.X509TrustManager;

/**
 * Where and how one account connects. TLS is always required; {@code trustManager} replaces the system trust
 * store only when the user pinned a certificate for this account (or a test trusts its own server).
 */
public record ConnectionSettings(String jid, String password, Optional<String> host, Optional<Integer> port,
                                 Optional<X509TrustManager> trustManager, String resource) {
    public ConnectionSettings {
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(trustManager, "trustManager");
        Objects.requireNonNull(resource, "resource");
    }

    public static ConnectionSettings of(String jid, String password) {
        return new ConnectionSettings(jid, password, Optional.empty(), Optional.empty(), Optional.empty(), "sotto");
    }

    public ConnectionSettings withServer(String host, int port) {
        return new ConnectionSettings(jid, password, Optional.of(host), Optional.of(port), trustManager, resource);
    }

    public ConnectionSettings withTrustManager(X509TrustManager trustManager) {
        return new ConnectionSettings(jid, password, host, port, Optional.of(trustManager), resource);
    }

    public ConnectionSettings withResource(String resource) {
        return new ConnectionSettings(jid, password, host, port, trustManager, resource);
    }

    @Override
    public String toString() {
        return "ConnectionSettings[" + jid + "/" + resource + host.map(h -> " via " + h + port.map(p -> ":" + p).orElse("")).orElse("") + "]";
    }
}
