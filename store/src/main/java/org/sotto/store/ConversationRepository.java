package org.sotto.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Conversations and their encryption preference. */
public final class ConversationRepository {
    private static final String COLUMNS =
            "id, account_id, peer_jid, kind, encryption, plaintext_chosen_at, nickname, created_at, muted, pinned";
    private final Database db;

    ConversationRepository(Database db) {
        this.db = db;
    }

    /** The conversation with {@code peerJid}, created (encrypted with OMEMO) if there is none yet. */
    public Conversation open(long accountId, String peerJid, ConversationKind kind) {
        return db.transaction(() -> find(accountId, peerJid).orElseGet(() -> {
            long id = db.insert("INSERT INTO conversation (account_id, peer_jid, kind, created_at) VALUES (?, ?, ?, ?)",
                    accountId, peerJid, kind, Instant.now());
            return get(id).orElseThrow();
        }));
    }

    public Optional<Conversation> get(long id) {
        return db.first("SELECT " + COLUMNS + " FROM conversation WHERE id = ?", ConversationRepository::map, id);
    }

    public Optional<Conversation> find(long accountId, String peerJid) {
        return db.first("SELECT " + COLUMNS + " FROM conversation WHERE account_id = ? AND peer_jid = ?",
                ConversationRepository::map, accountId, peerJid);
    }

    /** The conversations of an account, most recently active first. */
    public List<Conversation> list(long accountId) {
        return db.list("SELECT " + COLUMNS + " FROM conversation c WHERE account_id = ? ORDER BY "
                        + "coalesce((SELECT max(sent_at) FROM message m WHERE m.conversation_id = c.id "
                        + "AND m.ref_kind IS NULL), created_at) DESC, id DESC",
                ConversationRepository::map, accountId);
    }

    /** The account's conversations the user muted or pinned. */
    public List<Conversation> mutedOrPinned(long accountId) {
        return db.list("SELECT " + COLUMNS + " FROM conversation WHERE account_id = ? AND (muted = 1 OR pinned = 1)",
                ConversationRepository::map, accountId);
    }

    /** OMEMO, or plaintext as the user's explicit choice (recorded with the time it was made). */
    public void setEncryption(long id, EncryptionPreference encryption) {
        db.update("UPDATE conversation SET encryption = ?, plaintext_chosen_at = ? WHERE id = ?", encryption,
                encryption == EncryptionPreference.PLAINTEXT ? Instant.now() : null, id);
    }

    public void setMuted(long id, boolean muted) {
        db.update("UPDATE conversation SET muted = ? WHERE id = ?", muted, id);
    }

    public void setPinned(long id, boolean pinned) {
        db.update("UPDATE conversation SET pinned = ? WHERE id = ?", pinned, id);
    }

    public void setNickname(long id, String nickname) {
        db.update("UPDATE conversation SET nickname = ? WHERE id = ?", nickname, id);
    }

    /** Deletes the conversation with its messages, attachments and draft. */
    public void remove(long id) {
        db.update("DELETE FROM conversation WHERE id = ?", id);
    }

    private static Conversation map(ResultSet row) throws SQLException {
        return new Conversation(row.getLong("id"), row.getLong("account_id"), row.getString("peer_jid"),
                ConversationKind.valueOf(row.getString("kind")),
                EncryptionPreference.valueOf(row.getString("encryption")),
                Database.instant(row, "plaintext_chosen_at"), row.getString("nickname"),
                Database.instant(row, "created_at"), row.getInt("muted") == 1, row.getInt("pinned") == 1);
    }
}
