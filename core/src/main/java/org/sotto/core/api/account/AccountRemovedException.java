package org.sotto.core.api.account;

/**
 * The account was removed keeping its history ({@link Accounts#remove(String, boolean)}): its chats can be read, but
 * it cannot connect, send or be enabled again.
 */
public final class AccountRemovedException extends IllegalStateException {
    private final String account;

    public AccountRemovedException(String account) {
        super(account + " was removed; its history is kept for reading only");
        this.account = account;
    }

    /** The account's bare JID. */
    public String account() {
        return account;
    }
}
