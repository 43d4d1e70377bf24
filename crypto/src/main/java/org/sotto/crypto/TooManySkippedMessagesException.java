package org.sotto.crypto;

/**
 * A message that would make us derive more skipped message keys than the bound allows (a counter far ahead of the
 * chain: a denial-of-service attempt or a long-lost session). Nothing is derived or stored.
 */
public class TooManySkippedMessagesException extends OmemoException {
    public TooManySkippedMessagesException(String message) {
        super(message);
    }
}
