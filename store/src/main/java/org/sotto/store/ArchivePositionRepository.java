package org.sotto.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Where MAM catch-up continues: per account and archive (the account's own bare JID, or a room), the archive id of
 * the newest message stored from it.
 */
public final class ArchivePositionRepository {
    private final Database db;

    ArchivePositionRepository(Database db) {
        this.db = db;
    }

    public Optional<String> lastArchiveId(long accountId, String archiveJid) {
        return db.first("SELECT last_archive_id FROM archive_position WHERE account_id = ? AND archive_jid = ?",
                r -> r.getString(1), accountId, archiveJid);
    }

    public void save(long accountId, String archiveJid, String archiveId) {
        db.update("INSERT INTO archive_position (account_id, archive_jid, last_archive_id, updated_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (account_id, archive_jid) DO UPDATE SET last_archive_id = excluded.last_archive_id, "
                        + "updated_at = excluded.updated_at",
                accountId, archiveJid, archiveId, Instant.now());
    }

    public void clear(long accountId) {
        db.update("DELETE FROM archive_position WHERE account_id = ?", accountId);
    }
}
