package org.sotto.store;

/** The passphrase does not unlock this profile. Nothing was changed on disk. */
public final class WrongPassphraseException extends StoreException {
    private static final long serialVersionUID = 1L;

    public WrongPassphraseException(String message) {
        super(message);
    }
}
