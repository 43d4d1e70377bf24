package org.sotto.core.api.account;

import java.util.Optional;


/** Registration did not create the account; {@link #reason()} says why in a way the GUI can act on. */
public final class RegistrationException extends Exception {
    public enum Reason {
        /** The server could not be reached or its certificate is untrusted: see {@link #connectionFailure()}. */
        CONNECTION,
        /** The server does not offer in-band registration. */
        NOT_SUPPORTED,
        /** Someone already has this user name. */
        USERNAME_TAKEN,
        /** The server refuses registration (policy, rate limit, closed registration). */
        NOT_ALLOWED,
        /** A required field was missing or had a value the server did not accept. */
        INVALID_INPUT,
        /** Any other refusal. */
        REJECTED
    }

    private final Reason reason;
    private final transient Optional<Failure> connectionFailure;

    public RegistrationException(Reason reason, String message, Optional<Failure> connectionFailure, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.connectionFailure = connectionFailure;
    }

    public Reason reason() {
        return reason;
    }

    public Optional<Failure> connectionFailure() {
        return connectionFailure;
    }
}
