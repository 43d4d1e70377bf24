package org.sotto.crypto;

/** A PreKey message names a one-time or signed prekey we do not have (used up, rotated away, or never ours). */
public class UnknownPreKeyException extends OmemoException {
    public UnknownPreKeyException(String message) {
        super(message);
    }

    public UnknownPreKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
