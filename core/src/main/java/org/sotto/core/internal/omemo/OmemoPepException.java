package org.sotto.core.internal.omemo;

/** Publishing or reading OMEMO's PEP nodes failed; the message says which node and why. */
public class OmemoPepException extends Exception {
    private static final long serialVersionUID = 1L;

    public OmemoPepException(String message, Throwable cause) {
        super(message, cause);
    }
}
