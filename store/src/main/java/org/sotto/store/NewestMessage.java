package org.sotto.store;

/**
 * One row of a chat list: a conversation (only what the list shows of it) and its newest shown message.
 *
 * @param peerJid the conversation's peer (a contact's bare JID or a room)
 * @param kind    the conversation's kind
 * @param message the newest message that is not a bookkeeping row
 */
public record NewestMessage(String peerJid, ConversationKind kind, Message message) {
}
