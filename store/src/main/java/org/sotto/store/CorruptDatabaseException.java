package org.sotto.store;

/**
 * The key is right but the database file is damaged (truncated, overwritten, failed integrity check).
 * Sotto never repairs, overwrites or deletes it: the user can move the profile aside and start fresh.
 */
public final class CorruptDatabaseException extends StoreException {
    private static final long serialVersionUID = 1L;

    public CorruptDatabaseException(String message) {
        super(message);
    }

    public CorruptDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
