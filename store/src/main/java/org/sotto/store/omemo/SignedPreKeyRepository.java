package org.sotto.store.omemo;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.sotto.crypto.OmemoVersion;
import org.sotto.store.Database;

/** Signed prekeys per account and OMEMO version, with their creation time (for rotation). */
public final class SignedPreKeyRepository {
    private static final String COLUMNS = "signed_prekey_id, private_key, public_key, signature, created_at";
    private final Database db;

    SignedPreKeyRepository(Database db) {
        this.db = db;
    }

    public void put(long accountId, OmemoVersion version, SignedPreKey key) {
        db.update("INSERT INTO omemo_signed_prekey (account_id, version, signed_prekey_id, private_key, public_key, "
                        + "signature, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (account_id, version, signed_prekey_id) DO UPDATE SET "
                        + "private_key = excluded.private_key, public_key = excluded.public_key, "
                        + "signature = excluded.signature, created_at = excluded.created_at",
                accountId, VersionColumn.of(version), key.id(), key.privateKey(), key.publicKey(), key.signature(), key.createdAt());
    }

    public Optional<SignedPreKey> find(long accountId, OmemoVersion version, int id) {
        return db.first("SELECT " + COLUMNS + " FROM omemo_signed_prekey WHERE account_id = ? AND version = ? "
                + "AND signed_prekey_id = ?", SignedPreKeyRepository::map, accountId, VersionColumn.of(version), id);
    }

    /** All signed prekeys of this version, oldest first. */
    public List<SignedPreKey> list(long accountId, OmemoVersion version) {
        return db.list("SELECT " + COLUMNS + " FROM omemo_signed_prekey WHERE account_id = ? AND version = ? "
                + "ORDER BY created_at, signed_prekey_id", SignedPreKeyRepository::map, accountId, VersionColumn.of(version));
    }

    public boolean remove(long accountId, OmemoVersion version, int id) {
        return db.update("DELETE FROM omemo_signed_prekey WHERE account_id = ? AND version = ? AND signed_prekey_id = ?",
                accountId, VersionColumn.of(version), id) == 1;
    }

    private static SignedPreKey map(ResultSet r) throws SQLException {
        return new SignedPreKey(r.getInt(1), r.getBytes(2), r.getBytes(3), r.getBytes(4), Database.instant(r, "created_at"));
    }
}
