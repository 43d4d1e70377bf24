package org.sotto.store;

import java.time.Instant;

/**
 * A 1:1 chat or a group chat of one account.
 *
 * @param plaintextChosenAt when the user explicitly chose to send in plaintext (null while OMEMO)
 * @param muted             the user muted it (no notifications)
 * @param pinned            the user pinned it to the top of the chat list
 */
public record Conversation(long id, long accountId, String peerJid, ConversationKind kind,
                           EncryptionPreference encryption, Instant plaintextChosenAt, String nickname,
                           Instant createdAt, boolean muted, boolean pinned) {
}
