package org.sotto.store.omemo;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.Fingerprint;
import org.sotto.crypto.PendingTrustEntry;
import org.sotto.crypto.TrustLevel;
import org.sotto.store.Database;

/** Trust decisions per (account, JID, device id, identity key). */
public final class TrustRepository {
    private static final String COLUMNS = "jid, device_id, identity_key, state, first_seen, updated_at";
    private final Database db;

    TrustRepository(Database db) {
        this.db = db;
    }

    /** Sets the state of this (JID, device, identity key), recording it first if it is new. */
    public void set(long accountId, String jid, int deviceId, byte[] identityKey, TrustLevel state) {
        Instant now = Instant.now();
        // updated_at strictly increases per device, so latest() is well defined even within one millisecond
        db.update("INSERT INTO omemo_trust (account_id, jid, device_id, identity_key, state, first_seen, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, max(?, coalesce((SELECT max(updated_at) + 1 FROM omemo_trust "
                        + "WHERE account_id = ? AND jid = ? AND device_id = ?), 0))) "
                        + "ON CONFLICT (account_id, jid, device_id, identity_key) "
                        + "DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
                accountId, jid, deviceId, identityKey, state, now, now, accountId, jid, deviceId);
    }

    public Optional<TrustRecord> find(long accountId, String jid, int deviceId, byte[] identityKey) {
        return db.first("SELECT " + COLUMNS + " FROM omemo_trust WHERE account_id = ? AND jid = ? AND device_id = ? "
                + "AND identity_key = ?", TrustRepository::map, accountId, jid, deviceId, identityKey);
    }

    /** Every identity key ever seen for this device (a changed key shows up as a second record). */
    public List<TrustRecord> forDevice(long accountId, String jid, int deviceId) {
        return db.list("SELECT " + COLUMNS + " FROM omemo_trust WHERE account_id = ? AND jid = ? AND device_id = ? "
                + "ORDER BY first_seen", TrustRepository::map, accountId, jid, deviceId);
    }

    /** The decision for the identity key this device was last seen with (the newest record of the device). */
    public Optional<TrustRecord> latest(long accountId, String jid, int deviceId) {
        return db.first("SELECT " + COLUMNS + " FROM omemo_trust WHERE account_id = ? AND jid = ? AND device_id = ? "
                + "ORDER BY updated_at DESC, first_seen DESC LIMIT 1", TrustRepository::map, accountId, jid, deviceId);
    }

    /** Forgets every decision about this device; returns how many records went. */
    public int removeDevice(long accountId, String jid, int deviceId) {
        return db.update("DELETE FROM omemo_trust WHERE account_id = ? AND jid = ? AND device_id = ?", accountId, jid, deviceId);
    }

    /** All trust records of a contact (or of the own JID). */
    public List<TrustRecord> forJid(long accountId, String jid) {
        return db.list("SELECT " + COLUMNS + " FROM omemo_trust WHERE account_id = ? AND jid = ? "
                + "ORDER BY device_id, first_seen", TrustRepository::map, accountId, jid);
    }

    /** Whether any device of {@code jid} is VERIFIED (then new devices are not trusted blindly). */
    public boolean anyVerified(long accountId, String jid) {
        return db.first("SELECT 1 FROM omemo_trust WHERE account_id = ? AND jid = ? AND state = 'VERIFIED' LIMIT 1",
                r -> true, accountId, jid).isPresent();
    }

    /** The JIDs with at least one VERIFIED record. */
    public List<String> jidsWithVerifiedDevices(long accountId) {
        return db.list("SELECT DISTINCT jid FROM omemo_trust WHERE account_id = ? AND state = 'VERIFIED' ORDER BY jid",
                r -> r.getString(1), accountId);
    }

    /** The user's blind-trust choice for {@code jid}'s new devices; empty when none was made. */
    public Optional<Boolean> blindTrust(long accountId, String jid) {
        return db.first("SELECT blind FROM omemo_blind_trust WHERE account_id = ? AND jid = ?",
                r -> r.getInt(1) == 1, accountId, jid);
    }

    public void setBlindTrust(long accountId, String jid, boolean blind) {
        db.update("INSERT INTO omemo_blind_trust (account_id, jid, blind) VALUES (?, ?, ?) "
                + "ON CONFLICT (account_id, jid) DO UPDATE SET blind = excluded.blind", accountId, jid, blind ? 1 : 0);
    }

    /** Blind trust for the account's contacts without a choice (on unless the user turned it off). */
    public boolean defaultBlindTrust(long accountId) {
        return db.first("SELECT blind_trust_default FROM account WHERE id = ?", r -> r.getInt(1) == 1, accountId)
                .orElse(true);
    }

    public void setDefaultBlindTrust(long accountId, boolean blind) {
        db.update("UPDATE account SET blind_trust_default = ? WHERE id = ?", blind ? 1 : 0, accountId);
    }

    /** Whether the account takes part in XEP-0450 automatic trust management (off unless the user turned it on). */
    public boolean automaticTrust(long accountId) {
        return db.first("SELECT automatic_trust FROM account WHERE id = ?", r -> r.getInt(1) == 1, accountId)
                .orElse(false);
    }

    public void setAutomaticTrust(long accountId, boolean automatic) {
        db.update("UPDATE account SET automatic_trust = ? WHERE id = ?", automatic ? 1 : 0, accountId);
    }

    /** The received XEP-0450 entries that wait, oldest first. */
    public List<PendingTrustEntry> pendingTrust(long accountId) {
        return db.list("SELECT sender_jid, sender_device, sender_key, owner_jid, key, trust FROM omemo_pending_trust "
                + "WHERE account_id = ? ORDER BY id", r -> new PendingTrustEntry(
                        new DeviceAddress(r.getString(1), r.getInt(2)), new Fingerprint(r.getBytes(3)), r.getString(4),
                        r.getBytes(5), r.getInt(6) == 1), accountId);
    }

    /** Keeps the entries in one transaction; one of the same sender about the same owner and key is replaced. */
    public void keepPendingTrust(long accountId, List<PendingTrustEntry> entries) {
        db.transaction(() -> entries.forEach(e -> db.update("INSERT INTO omemo_pending_trust (account_id, sender_jid, sender_device, sender_key, owner_jid, key, "
                        + "trust) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, sender_jid, sender_device, "
                        + "owner_jid, key) DO UPDATE SET sender_key = excluded.sender_key, trust = excluded.trust",
                accountId, e.sender().bareJid(), e.sender().deviceId(), e.senderKey().key(), e.owner(), e.key(),
                e.trust() ? 1 : 0)));
    }

    public void dropPendingTrust(long accountId, List<PendingTrustEntry> entries) {
        db.transaction(() -> entries.forEach(e -> db.update("DELETE FROM omemo_pending_trust WHERE account_id = ? "
                        + "AND sender_jid = ? AND sender_device = ? AND owner_jid = ? AND key = ?",
                accountId, e.sender().bareJid(), e.sender().deviceId(), e.owner(), e.key())));
    }

    private static TrustRecord map(ResultSet r) throws SQLException {
        return new TrustRecord(r.getString("jid"), r.getInt("device_id"), r.getBytes("identity_key"),
                TrustLevel.valueOf(r.getString("state")), Database.instant(r, "first_seen"),
                Database.instant(r, "updated_at"));
    }
}
