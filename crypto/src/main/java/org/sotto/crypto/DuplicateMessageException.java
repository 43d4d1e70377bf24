package org.sotto.crypto;

/** A message whose key was already used: a duplicate, a replayed PreKey message or an old counter. */
public class DuplicateMessageException extends OmemoException {
    public DuplicateMessageException(String message) {
        super(message);
    }

    public DuplicateMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
