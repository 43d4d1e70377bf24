package org.sotto.core.internal.persistence.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.sotto.core.internal.persistence.OmemoDeviceLists;
import org.sotto.crypto.OmemoVersion;
import org.sotto.store.Database;

/** The device list cache on the store's {@code omemo_device} table (one transaction per list). */
final class StoreOmemoDeviceLists implements OmemoDeviceLists {
    private final Database db;
    private final StoreAccounts accounts;

    StoreOmemoDeviceLists(Database db, StoreAccounts accounts) {
        this.db = db;
        this.accounts = accounts;
    }

    @Override
    public void update(String account, String jid, OmemoVersion version, Set<Integer> deviceIds, Instant seenAt) {
        Map<Integer, String> devices = new LinkedHashMap<>();
        deviceIds.forEach(id -> devices.put(id, null));
        db.omemo().devices().update(accounts.requireId(account), jid, version, devices, seenAt);
    }

    @Override
    public List<CachedDevice> devices(String account, String jid, OmemoVersion version) {
        return accounts.id(account).map(id -> db.omemo().devices().list(id, jid, version).stream()
                .map(d -> new CachedDevice(d.jid(), version, d.deviceId(), d.active(), d.lastSeen())).toList())
                .orElse(List.of());
    }
}
