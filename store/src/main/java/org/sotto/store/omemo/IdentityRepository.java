package org.sotto.store.omemo;

import java.util.Optional;

import org.sotto.store.Database;

/** The own OMEMO identity per account (one device id and identity seed, for both OMEMO versions). */
public final class IdentityRepository {
    private final Database db;

    IdentityRepository(Database db) {
        this.db = db;
    }

    /** Stores the identity; an account has exactly one, so a second save replaces it. */
    public void save(OwnIdentity identity) {
        db.update("INSERT INTO omemo_identity (account_id, device_id, identity_seed, created_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (account_id) DO UPDATE SET device_id = excluded.device_id, "
                        + "identity_seed = excluded.identity_seed, created_at = excluded.created_at",
                identity.accountId(), identity.deviceId(), identity.identitySeed(), identity.createdAt());
    }

    public Optional<OwnIdentity> find(long accountId) {
        return db.first("SELECT account_id, device_id, identity_seed, created_at FROM omemo_identity WHERE account_id = ?",
                r -> new OwnIdentity(r.getLong(1), r.getInt(2), r.getBytes(3), Database.instant(r, "created_at")),
                accountId);
    }
}
