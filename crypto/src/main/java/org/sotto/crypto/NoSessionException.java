package org.sotto.crypto;

/** There is no session with the device, and the message cannot start one. */
public class NoSessionException extends OmemoException {
    public NoSessionException(String message) {
        super(message);
    }

    public NoSessionException(String message, Throwable cause) {
        super(message, cause);
    }
}
