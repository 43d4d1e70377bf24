package org.sotto.store.omemo;

import java.util.List;
import java.util.Optional;

import org.sotto.store.Database;

/** Signed prekeys per account with their creation time (for rotation). */
public final class SignedPreKeyRepository {
    private static final String COLUMNS = "signed_prekey_id, record, created_at";
    private final Database db;

    SignedPreKeyRepository(Database db) {
        this.db = db;
    }

    public void put(long accountId, SignedPreKey key) {
        db.update("INSERT INTO omemo_signed_prekey (account_id, signed_prekey_id, record, created_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (account_id, signed_prekey_id) DO UPDATE SET record = excluded.record, "
                        + "created_at = excluded.created_at",
                accountId, key.id(), key.record(), key.createdAt());
    }

    public Optional<SignedPreKey> find(long accountId, int id) {
        return db.first("SELECT " + COLUMNS + " FROM omemo_signed_prekey WHERE account_id = ? AND signed_prekey_id = ?",
                r -> new SignedPreKey(r.getInt(1), r.getBytes(2), Database.instant(r, "created_at")), accountId, id);
    }

    /** All signed prekeys of the account, oldest first. */
    public List<SignedPreKey> list(long accountId) {
        return db.list("SELECT " + COLUMNS + " FROM omemo_signed_prekey WHERE account_id = ? "
                        + "ORDER BY created_at, signed_prekey_id",
                r -> new SignedPreKey(r.getInt(1), r.getBytes(2), Database.instant(r, "created_at")), accountId);
    }

    public boolean remove(long accountId, int id) {
        return db.update("DELETE FROM omemo_signed_prekey WHERE account_id = ? AND signed_prekey_id = ?", accountId, id) == 1;
    }
}
