package org.sotto.store.omemo;

import org.sotto.store.Database;

/** The OMEMO tables of the database, for the adapter that implements crypto's store interfaces. */
public final class OmemoRepositories {
    private final IdentityRepository identities;
    private final PreKeyRepository preKeys;
    private final SignedPreKeyRepository signedPreKeys;
    private final SessionRepository sessions;
    private final DeviceListRepository devices;
    private final TrustRepository trust;

    private final Database db;

    public OmemoRepositories(Database db) {
        this.db = db;
        this.identities = new IdentityRepository(db);
        this.preKeys = new PreKeyRepository(db);
        this.signedPreKeys = new SignedPreKeyRepository(db);
        this.sessions = new SessionRepository(db);
        this.devices = new DeviceListRepository(db);
        this.trust = new TrustRepository(db);
    }

    public IdentityRepository identities() {
        return identities;
    }

    public PreKeyRepository preKeys() {
        return preKeys;
    }

    public SignedPreKeyRepository signedPreKeys() {
        return signedPreKeys;
    }

    public SessionRepository sessions() {
        return sessions;
    }

    public DeviceListRepository devices() {
        return devices;
    }

    public TrustRepository trust() {
        return trust;
    }

    /**
     * Deletes every OMEMO row of an account in one transaction: its identity (device id and private key), prekeys,
     * signed prekeys, sessions, trust records, blind-trust choices, waiting XEP-0450 entries and the device lists it saw. The account itself stays.
     */
    public void removeAccount(long accountId) {
        db.transaction(() -> {
            for (String table : new String[] {"omemo_session", "omemo_prekey", "omemo_signed_prekey", "omemo_trust",
                    "omemo_blind_trust", "omemo_pending_trust", "omemo_device", "omemo_identity"}) {
                db.update("DELETE FROM " + table + " WHERE account_id = ?", accountId);
            }
        });
    }

    /** crypto's store interface over these tables, for one account. */
    public SqliteOmemoStore forAccount(long accountId) {
        return new SqliteOmemoStore(db, this, accountId);
    }
}
