package org.sotto.crypto;

/** A message, key element or bundle that cannot be parsed: truncated, bad protobuf, wrong version byte. */
public class MalformedMessageException extends OmemoException {
    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
