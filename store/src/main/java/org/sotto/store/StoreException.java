package org.sotto.store;

/** Something went wrong in the local database. Subclasses say what, so callers can tell the user precisely. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
