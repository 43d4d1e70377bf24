package org.sotto.core.api.trust;

import java.util.Objects;

/** A trust action that was refused; {@link #reason()} says which case. Nothing was changed. */
public final class TrustException extends RuntimeException {
    public enum Reason {
        /** Not an {@code xmpp:JID?omemo-sid-ID=FINGERPRINT} URI. */
        MALFORMED_URI,
        /** The URI's fingerprint is not the key the device published: do not trust it. */
        FINGERPRINT_MISMATCH,
        /** No key is known for the device (fetch its owner's devices first). */
        UNKNOWN_DEVICE
    }

    private final Reason reason;

    public TrustException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason);
    }

    public Reason reason() {
        return reason;
    }
}
