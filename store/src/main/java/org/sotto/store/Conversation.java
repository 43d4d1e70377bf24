package org.sotto.store;

import java.time.Instant;

/**
 * A 1:1 chat or a group chat of one account.
 *
 * @param plaintextChosenAt when the user explicitly chose to send in plaintext (null while OMEMO)
 */
public record Conversation(long id, long accountId, String peerJid, ConversationKind kind,
                           EncryptionPreference encryption, Instant plaintextChosenAt, String nickname,
                           Instant createdAt) {
}
