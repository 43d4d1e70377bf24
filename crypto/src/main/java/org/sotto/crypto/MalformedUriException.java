package org.sotto.crypto;

/** An {@code xmpp:} fingerprint URI that cannot be parsed. */
public class MalformedUriException extends OmemoException {
    public MalformedUriException(String message) {
        super(message);
    }

    public MalformedUriException(String message, Throwable cause) {
        super(message, cause);
    }
}
