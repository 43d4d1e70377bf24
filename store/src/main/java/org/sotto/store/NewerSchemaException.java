package org.sotto.store;

/** The database was written by a newer Sotto (it has migrations this version does not know); it is not touched. */
public final class NewerSchemaException extends StoreException {
    private static final long serialVersionUID = 1L;

    public NewerSchemaException(String message) {
        super(message);
    }
}
