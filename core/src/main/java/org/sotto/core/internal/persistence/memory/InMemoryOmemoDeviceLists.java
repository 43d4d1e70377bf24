package org.sotto.core.internal.persistence.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.sotto.core.internal.persistence.OmemoDeviceLists;
import org.sotto.crypto.OmemoVersion;

/** {@link OmemoDeviceLists} in memory (tests, and OMEMO on a persistence without a profile). Thread-safe. */
public final class InMemoryOmemoDeviceLists implements OmemoDeviceLists {
    private final Map<String, Map<Integer, CachedDevice>> lists = new ConcurrentHashMap<>();

    private static String key(String account, String jid, OmemoVersion version) {
        return account + "\n" + jid + "\n" + version;
    }

    @Override
    public void update(String account, String jid, OmemoVersion version, List<Listed> devices, Instant seenAt) {
        lists.compute(key(account, jid, version), (k, known) -> {
            Map<Integer, CachedDevice> next = new TreeMap<>();
            if (known != null) {
                known.forEach((id, d) -> next.put(id, new CachedDevice(jid, version, id, false, d.lastSeen(), d.label(),
                        d.labelSignature())));
            }
            devices.forEach(d -> next.put(d.deviceId(), new CachedDevice(jid, version, d.deviceId(), true, seenAt,
                    d.label(), d.labelSignature())));
            return next;
        });
    }

    @Override
    public List<CachedDevice> devices(String account, String jid, OmemoVersion version) {
        List<CachedDevice> devices = new ArrayList<>(lists.getOrDefault(key(account, jid, version), Map.of()).values());
        devices.sort(Comparator.comparingInt(CachedDevice::deviceId));
        return devices;
    }

    /** Forgets an account's lists. */
    public void removeAccount(String account) {
        lists.keySet().removeIf(k -> k.startsWith(account + "\n"));
    }
}
