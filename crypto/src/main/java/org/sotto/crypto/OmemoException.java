package org.sotto.crypto;

/**
 * Every failure of the crypto module that a caller must handle: malformed input, failed authentication, missing
 * session, trust problems. The subclasses say which; the message says what, without key material or plaintext.
 */
public abstract class OmemoException extends Exception {
    protected OmemoException(String message) {
        super(message);
    }

    protected OmemoException(String message, Throwable cause) {
        super(message, cause);
    }
}
