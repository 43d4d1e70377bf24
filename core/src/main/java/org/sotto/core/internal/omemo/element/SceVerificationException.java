package org.sotto.core.internal.omemo.element;

/** A decrypted SCE envelope whose affixes contradict the stanza around it: the message must not be shown as is. */
public class SceVerificationException extends Exception {
    private static final long serialVersionUID = 1L;

    public SceVerificationException(String message) {
        super(message);
    }
}
