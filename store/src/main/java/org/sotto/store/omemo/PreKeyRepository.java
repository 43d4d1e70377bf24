package org.sotto.store.omemo;

import java.util.List;
import java.util.Optional;

import org.sotto.store.Database;

/** One-time prekeys per account, as records serialised by crypto. */
public final class PreKeyRepository {
    private final Database db;

    PreKeyRepository(Database db) {
        this.db = db;
    }

    public void put(long accountId, int preKeyId, byte[] record) {
        db.update("INSERT INTO omemo_prekey (account_id, prekey_id, record) VALUES (?, ?, ?) "
                + "ON CONFLICT (account_id, prekey_id) DO UPDATE SET record = excluded.record", accountId, preKeyId, record);
    }

    public Optional<byte[]> find(long accountId, int preKeyId) {
        return db.first("SELECT record FROM omemo_prekey WHERE account_id = ? AND prekey_id = ?",
                r -> r.getBytes(1), accountId, preKeyId);
    }

    public boolean contains(long accountId, int preKeyId) {
        return find(accountId, preKeyId).isPresent();
    }

    /** Removes a used prekey; returns whether it was there. */
    public boolean remove(long accountId, int preKeyId) {
        return db.update("DELETE FROM omemo_prekey WHERE account_id = ? AND prekey_id = ?", accountId, preKeyId) == 1;
    }

    public List<Integer> ids(long accountId) {
        return db.list("SELECT prekey_id FROM omemo_prekey WHERE account_id = ? ORDER BY prekey_id",
                r -> r.getInt(1), accountId);
    }

    /** The highest id ever stored that is still present (0 when none), to continue numbering after it. */
    public int maxId(long accountId) {
        return db.first("SELECT coalesce(max(prekey_id), 0) FROM omemo_prekey WHERE account_id = ?",
                r -> r.getInt(1), accountId).orElse(0);
    }
}
