package org.sotto.store.omemo;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import org.sotto.crypto.OmemoVersion;
import org.sotto.store.Database;

/** Published device lists per (account, JID, OMEMO version), with when each device was last on one. */
public final class DeviceListRepository {
    private static final String COLUMNS = "jid, version, device_id, label, label_signature, active, last_seen";
    private final Database db;

    DeviceListRepository(Database db) {
        this.db = db;
    }

    /** One device on a list as published: its label and the label's signature (base64) may be null. */
    public record Listed(int deviceId, String label, String labelSignature) {
        public static Listed of(int deviceId) {
            return new Listed(deviceId, null, null);
        }
    }

    /**
     * Records a freshly received device list: its devices become active with last-seen {@code seenAt} and the label
     * they are listed with; devices no longer listed stay known but inactive.
     */
    public void update(long accountId, String jid, OmemoVersion version, List<Listed> devices, Instant seenAt) {
        db.transaction(() -> {
            db.update("UPDATE omemo_device SET active = 0 WHERE account_id = ? AND jid = ? AND version = ?",
                    accountId, jid, VersionColumn.of(version));
            devices.forEach(device -> db.update(
                    "INSERT INTO omemo_device (account_id, jid, version, device_id, label, label_signature, active, "
                            + "last_seen) VALUES (?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (account_id, jid, version, device_id) "
                            + "DO UPDATE SET label = excluded.label, label_signature = excluded.label_signature, "
                            + "active = 1, last_seen = excluded.last_seen",
                    accountId, jid, VersionColumn.of(version), device.deviceId(), device.label(),
                    device.labelSignature(), seenAt));
        });
    }

    /** All known devices of {@code jid} in this version, active or not. */
    public List<Device> list(long accountId, String jid, OmemoVersion version) {
        return db.list("SELECT " + COLUMNS + " FROM omemo_device WHERE account_id = ? AND jid = ? AND version = ? "
                + "ORDER BY device_id", DeviceListRepository::map, accountId, jid, VersionColumn.of(version));
    }

    /** The devices on the last list seen. */
    public List<Device> active(long accountId, String jid, OmemoVersion version) {
        return db.list("SELECT " + COLUMNS + " FROM omemo_device WHERE account_id = ? AND jid = ? AND version = ? "
                + "AND active = 1 ORDER BY device_id", DeviceListRepository::map, accountId, jid, VersionColumn.of(version));
    }

    private static Device map(ResultSet r) throws SQLException {
        return new Device(r.getString("jid"), VersionColumn.parse(r.getString("version")), r.getInt("device_id"),
                r.getString("label"), r.getString("label_signature"), r.getInt("active") == 1, Database.instant(r, "last_seen"));
    }
}
