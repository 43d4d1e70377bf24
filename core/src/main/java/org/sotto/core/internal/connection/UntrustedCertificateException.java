package org.sotto.core.internal.connection;

import java.security.cert.CertificateException;

/** The server's certificate is neither trusted by the base trust store nor pinned for this account. */
public final class UntrustedCertificateException extends CertificateException {
    private final String sha256;

    public UntrustedCertificateException(String sha256, Throwable cause) {
        super("untrusted server certificate, SHA-256 " + sha256, cause);
        this.sha256 = sha256;
    }

    public String sha256() {
        return sha256;
    }
}
