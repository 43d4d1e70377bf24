package org.sotto.core.api;

/**
 * The action needs the account's connection and the account is not connected (it may be connecting): try again once
 * it is online. Sending a message never fails this way; it is stored and queued.
 */
public final class NotConnectedException extends IllegalStateException {
    private final String account;

    public NotConnectedException(String account, String action) {
        super(action + " needs a connection: " + account + " is not connected");
        this.account = account;
    }

    /** The account's bare JID. */
    public String account() {
        return account;
    }
}
