package org.sotto.crypto;

/** An operation that needs a trusted device met one that is distrusted or undecided. */
public class UntrustedIdentityException extends OmemoException {
    public UntrustedIdentityException(String message) {
        super(message);
    }

    public UntrustedIdentityException(String message, Throwable cause) {
        super(message, cause);
    }
}
