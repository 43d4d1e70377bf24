package org.sotto.store;

import java.time.Instant;
import java.util.Optional;

/** One draft per conversation. */
public final class DraftRepository {
    private final Database db;

    DraftRepository(Database db) {
        this.db = db;
    }

    /** Saves the draft; an empty body removes it. */
    public void save(long conversationId, String body, String replyToId) {
        if (body == null || body.isEmpty()) {
            remove(conversationId);
            return;
        }
        db.update("INSERT INTO draft (conversation_id, body, reply_to_id, updated_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (conversation_id) DO UPDATE SET body = excluded.body, "
                        + "reply_to_id = excluded.reply_to_id, updated_at = excluded.updated_at",
                conversationId, body, replyToId, Instant.now());
    }

    public Optional<Draft> find(long conversationId) {
        return db.first("SELECT conversation_id, body, reply_to_id, updated_at FROM draft WHERE conversation_id = ?",
                r -> new Draft(r.getLong("conversation_id"), r.getString("body"), r.getString("reply_to_id"),
                        Database.instant(r, "updated_at")), conversationId);
    }

    public void remove(long conversationId) {
        db.update("DELETE FROM draft WHERE conversation_id = ?", conversationId);
    }
}
