package org.sotto.core.api.account;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the account list ({@link Accounts#accountList()}).
 *
 * @param jid         the account's bare JID
 * @param enabled     whether it connects when the profile opens (and is connected now, as far as the network allows)
 * @param historyOnly the account was removed keeping its history: it never connects again, has no password and no
 *                    OMEMO keys; its chats can be read, nothing can be sent
 * @param state       its connection state now
 */
public record AccountSummary(String jid, boolean enabled, boolean historyOnly, ConnectionState state) {
    public AccountSummary {
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(state, "state");
    }

    /** Why it is not connected, when a connection failed: the final failure, or the one a retry is waiting out. */
    public Optional<Failure> failure() {
        if (state instanceof ConnectionState.Failed failed) {
            return Optional.of(failed.failure());
        }
        if (state instanceof ConnectionState.Reconnecting reconnecting) {
            return Optional.of(reconnecting.cause());
        }
        return Optional.empty();
    }
}
