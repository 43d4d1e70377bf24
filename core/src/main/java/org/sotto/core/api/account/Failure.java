package org.sotto.core.api.account;

import java.util.Objects;
import java.util.Optional;

/**
 * A typed connection failure. {@code certificateSha256} is set for {@link FailureReason#UNTRUSTED_CERTIFICATE}: the
 * SHA-256 fingerprint of the server's certificate (colon-separated upper-case hex) the user may pin for the account.
 * {@code detail} is technical context for logs (never secrets).
 */
public record Failure(FailureReason reason, String detail, Optional<String> certificateSha256) {
    public Failure {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(certificateSha256, "certificateSha256");
    }

    public static Failure of(FailureReason reason, String detail) {
        return new Failure(reason, detail, Optional.empty());
    }

    public static Failure untrustedCertificate(String sha256, String detail) {
        return new Failure(FailureReason.UNTRUSTED_CERTIFICATE, detail, Optional.of(sha256));
    }

    /** A sentence for the user. */
    public String message() {
        return certificateSha256.map(fp -> reason.explanation() + " SHA-256: " + fp).orElse(reason.explanation());
    }
}
