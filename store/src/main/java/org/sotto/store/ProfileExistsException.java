package org.sotto.store;

/** A profile (or other files) already exist where a new profile should be created; nothing was overwritten. */
public final class ProfileExistsException extends StoreException {
    private static final long serialVersionUID = 1L;

    public ProfileExistsException(String message) {
        super(message);
    }
}
