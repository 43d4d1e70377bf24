package org.sotto.store.omemo;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.sotto.crypto.OmemoVersion;
import org.sotto.store.Database;

/**
 * Double Ratchet session records per (account, JID, device, OMEMO version), as bytes serialised by crypto.
 * Write a session in the same {@link Database#transaction} as the message it encrypted or decrypted.
 */
public final class SessionRepository {
    private final Database db;

    SessionRepository(Database db) {
        this.db = db;
    }

    public void put(long accountId, String jid, int deviceId, OmemoVersion version, byte[] record) {
        db.update("INSERT INTO omemo_session (account_id, jid, device_id, version, record, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, jid, device_id, version) "
                        + "DO UPDATE SET record = excluded.record, updated_at = excluded.updated_at",
                accountId, jid, deviceId, VersionColumn.of(version), record, Instant.now());
    }

    public Optional<byte[]> find(long accountId, String jid, int deviceId, OmemoVersion version) {
        return db.first("SELECT record FROM omemo_session WHERE account_id = ? AND jid = ? AND device_id = ? "
                + "AND version = ?", r -> r.getBytes(1), accountId, jid, deviceId, VersionColumn.of(version));
    }

    public boolean contains(long accountId, String jid, int deviceId, OmemoVersion version) {
        return find(accountId, jid, deviceId, version).isPresent();
    }

    /** Device ids of {@code jid} we have a session with in this OMEMO version. */
    public List<Integer> deviceIds(long accountId, String jid, OmemoVersion version) {
        return db.list("SELECT device_id FROM omemo_session WHERE account_id = ? AND jid = ? AND version = ? "
                + "ORDER BY device_id", r -> r.getInt(1), accountId, jid, VersionColumn.of(version));
    }

    public boolean remove(long accountId, String jid, int deviceId, OmemoVersion version) {
        return db.update("DELETE FROM omemo_session WHERE account_id = ? AND jid = ? AND device_id = ? AND version = ?",
                accountId, jid, deviceId, VersionColumn.of(version)) == 1;
    }

    /** Removes every session with {@code jid} (all devices, both versions); returns how many. */
    public int removeAll(long accountId, String jid) {
        return db.update("DELETE FROM omemo_session WHERE account_id = ? AND jid = ?", accountId, jid);
    }
}
