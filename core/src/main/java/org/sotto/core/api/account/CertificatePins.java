package org.sotto.core.api.account;

import org.sotto.core.internal.connection.CertificateFingerprints;

/** The form of a pinned server certificate ({@link AccountRecord#pinnedCertificates()}): its SHA-256 fingerprint. */
public final class CertificatePins {
    private CertificatePins() {
    }

    /**
     * The fingerprint as Sotto keeps and reports it ({@code AB:CD:…}, 32 groups), from the form a user copies: with
     * or without colons or spaces, any case. Anything but 32 bytes of hex is an {@code IllegalArgumentException}.
     */
    public static String normalize(String sha256) {
        return CertificateFingerprints.normalize(sha256);
    }
}
