package org.sotto.core.internal.connection;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.stream.Collectors;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Trusts what the base trust manager (normally the system trust store) trusts, plus server certificates whose
 * SHA-256 fingerprint the user pinned for this account — exactly those, never anything else. A refused
 * certificate raises {@link UntrustedCertificateException} carrying its fingerprint so the user can decide.
 */
public final class PinningTrustManager implements X509TrustManager {
    private final X509TrustManager base;
    private final Set<String> pinnedSha256;

    public PinningTrustManager(X509TrustManager base, Set<String> pinnedSha256) {
        this.base = base;
        this.pinnedSha256 = pinnedSha256.stream().map(CertificateFingerprints::normalize).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The JDK's default trust manager (the system trust store), read on first use: reading and parsing the store
     * takes 100–300 ms, which the window's first frame would otherwise wait for ({@code ProfileOptions.defaults()}).
     */
    public static X509TrustManager system() {
        return SystemTrust.LAZY;
    }

    /** Delegates to the system trust manager, which {@link Loaded} reads when a certificate is first checked. */
    private enum SystemTrust implements X509TrustManager {
        LAZY;

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            Loaded.MANAGER.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            Loaded.MANAGER.checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return Loaded.MANAGER.getAcceptedIssuers();
        }
    }

    private static final class Loaded {
        static final X509TrustManager MANAGER = load();

        private static X509TrustManager load() {
            try {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init((KeyStore) null);
                for (var manager : factory.getTrustManagers()) {
                    if (manager instanceof X509TrustManager x509) {
                        return x509;
                    }
                }
                throw new IllegalStateException("the JDK offers no X.509 trust manager");
            } catch (NoSuchAlgorithmException | KeyStoreException e) {
                throw new IllegalStateException("cannot load the system trust store", e);
            }
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server sent no certificate");
        }
        String leaf = CertificateFingerprints.sha256(chain[0]);
        if (pinnedSha256.contains(leaf)) {
            chain[0].checkValidity(); // a pinned certificate still has to be within its validity period
            return;
        }
        try {
            base.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw new UntrustedCertificateException(leaf, e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("Sotto does not accept client connections");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return base.getAcceptedIssuers();
    }
}
