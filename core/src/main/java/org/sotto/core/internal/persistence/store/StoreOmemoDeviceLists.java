package org.sotto.core.internal.persistence.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.sotto.core.internal.persistence.OmemoDeviceLists;
import org.sotto.crypto.OmemoVersion;
import org.sotto.store.Database;
import org.sotto.store.omemo.DeviceListRepository;

/** The device list cache on the store's {@code omemo_device} table (one transaction per list). */
final class StoreOmemoDeviceLists implements OmemoDeviceLists {
    private final Database db;
    private final StoreAccounts accounts;

    StoreOmemoDeviceLists(Database db, StoreAccounts accounts) {
        this.db = db;
        this.accounts = accounts;
    }

    @Override
    public void update(String account, String jid, OmemoVersion version, List<Listed> devices, Instant seenAt) {
        db.omemo().devices().update(accounts.requireId(account), jid, version, devices.stream()
                .map(d -> new DeviceListRepository.Listed(d.deviceId(), d.label().orElse(null),
                        d.labelSignature().orElse(null))).toList(), seenAt);
    }

    @Override
    public List<CachedDevice> devices(String account, String jid, OmemoVersion version) {
        return accounts.id(account).map(id -> db.omemo().devices().list(id, jid, version).stream()
                .map(d -> new CachedDevice(d.jid(), version, d.deviceId(), d.active(), d.lastSeen(),
                        Optional.ofNullable(d.label()), Optional.ofNullable(d.labelSignature()))).toList())
                .orElse(List.of());
    }
}
