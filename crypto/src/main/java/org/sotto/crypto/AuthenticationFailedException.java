package org.sotto.crypto;

/** A MAC or AEAD tag that does not match: the message was altered or not meant for this key. */
public class AuthenticationFailedException extends OmemoException {
    public AuthenticationFailedException(String message) {
        super(message);
    }

    public AuthenticationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
