package org.sotto.store;

/**
 * The profile's header file (salt and key-derivation parameters) is missing, unreadable or of an unknown
 * format, so no key can be derived. The database file is left untouched.
 */
public final class ProfileHeaderException extends StoreException {
    private static final long serialVersionUID = 1L;

    public ProfileHeaderException(String message) {
        super(message);
    }

    public ProfileHeaderException(String message, Throwable cause) {
        super(message, cause);
    }
}
