package org.sotto.store.omemo;

import java.util.List;
import java.util.Optional;

import org.sotto.crypto.OmemoVersion;
import org.sotto.store.Database;

/** One-time prekeys per account and OMEMO version (each version publishes its own bundle). */
public final class PreKeyRepository {
    private static final String COLUMNS = "prekey_id, private_key, public_key";
    private final Database db;

    PreKeyRepository(Database db) {
        this.db = db;
    }

    public void put(long accountId, OmemoVersion version, PreKey key) {
        db.update("INSERT INTO omemo_prekey (account_id, version, prekey_id, private_key, public_key) VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (account_id, version, prekey_id) DO UPDATE SET private_key = excluded.private_key, "
                        + "public_key = excluded.public_key",
                accountId, VersionColumn.of(version), key.id(), key.privateKey(), key.publicKey());
    }

    public Optional<PreKey> find(long accountId, OmemoVersion version, int id) {
        return db.first("SELECT " + COLUMNS + " FROM omemo_prekey WHERE account_id = ? AND version = ? AND prekey_id = ?",
                r -> new PreKey(r.getInt(1), r.getBytes(2), r.getBytes(3)), accountId, VersionColumn.of(version), id);
    }

    public boolean contains(long accountId, OmemoVersion version, int id) {
        return find(accountId, version, id).isPresent();
    }

    /** All prekeys of this version, by id. */
    public List<PreKey> list(long accountId, OmemoVersion version) {
        return db.list("SELECT " + COLUMNS + " FROM omemo_prekey WHERE account_id = ? AND version = ? ORDER BY prekey_id",
                r -> new PreKey(r.getInt(1), r.getBytes(2), r.getBytes(3)), accountId, VersionColumn.of(version));
    }

    /** Removes a used prekey; returns whether it was there. */
    public boolean remove(long accountId, OmemoVersion version, int id) {
        return db.update("DELETE FROM omemo_prekey WHERE account_id = ? AND version = ? AND prekey_id = ?",
                accountId, VersionColumn.of(version), id) == 1;
    }

    /** The highest id present (0 when none), to continue numbering after it. */
    public int maxId(long accountId, OmemoVersion version) {
        return db.first("SELECT coalesce(max(prekey_id), 0) FROM omemo_prekey WHERE account_id = ? AND version = ?",
                r -> r.getInt(1), accountId, VersionColumn.of(version)).orElse(0);
    }
}
