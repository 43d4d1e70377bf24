package org.sotto.core.api.event;

/**
 * The number of unread messages of a conversation changed (a new incoming message, or messages read here or on
 * another of the user's clients). {@code accountTotal} is the sum over all conversations of the account.
 */
public record UnreadCountChanged(String account, String peer, int unread, int accountTotal) implements SottoEvent {
}
