package org.sotto.crypto;

/** A key or key material with the wrong number of bytes. */
public class InvalidKeyLengthException extends OmemoException {
    public InvalidKeyLengthException(String message) {
        super(message);
    }

    public InvalidKeyLengthException(String message, Throwable cause) {
        super(message, cause);
    }
}
