package org.sotto.crypto;

/** A signature that does not verify, e.g. a bundle's signed prekey signature. */
public class BadSignatureException extends OmemoException {
    public BadSignatureException(String message) {
        super(message);
    }

    public BadSignatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
