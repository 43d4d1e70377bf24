package org.sotto.store;

/** There is no profile in the given directory (or one already exists where a new one should be created). */
public final class ProfileNotFoundException extends StoreException {
    private static final long serialVersionUID = 1L;

    public ProfileNotFoundException(String message) {
        super(message);
    }
}
