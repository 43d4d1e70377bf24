package org.sotto.store;

/** Another running Sotto (or this one) holds the profile open; two writers would corrupt each other's state. */
public final class ProfileAlreadyOpenException extends StoreException {
    private static final long serialVersionUID = 1L;

    public ProfileAlreadyOpenException(String message) {
        super(message);
    }
}
