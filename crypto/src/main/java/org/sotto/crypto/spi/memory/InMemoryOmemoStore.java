package org.sotto.crypto.spi.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.PendingTrustEntry;
import org.sotto.crypto.TrustLevel;
import org.sotto.crypto.TrustRecord;
import org.sotto.crypto.spi.OmemoStore;
import org.sotto.crypto.spi.OwnIdentity;
import org.sotto.crypto.spi.PreKeyPair;
import org.sotto.crypto.spi.SignedPreKeyPair;

/** An {@link OmemoStore} in memory, for tests, benchmarks and other modules' tests. Thread-safe. */
public final class InMemoryOmemoStore implements OmemoStore {
    private OwnIdentity ownIdentity;
    private final Map<OmemoVersion, Map<Integer, PreKeyPair>> preKeys = new HashMap<>();
    private final Map<OmemoVersion, Map<Integer, SignedPreKeyPair>> signedPreKeys = new HashMap<>();
    private final Map<OmemoVersion, Map<DeviceAddress, byte[]>> sessions = new HashMap<>();
    private final Map<String, Map<Integer, TrustRecord>> trust = new HashMap<>(); // by bare JID, then device id
    private final Map<String, Boolean> blindTrust = new HashMap<>();
    private boolean defaultBlindTrust = true;
    private boolean automaticTrust;
    private final List<PendingTrustEntry> pendingTrust = new ArrayList<>();

    @Override
    public synchronized Optional<OwnIdentity> loadOwnIdentity() {
        return Optional.ofNullable(ownIdentity);
    }

    @Override
    public synchronized void storeOwnIdentity(OwnIdentity identity) {
        ownIdentity = identity;
    }

    @Override
    public synchronized Optional<PreKeyPair> loadPreKey(OmemoVersion version, int id) {
        return Optional.ofNullable(preKeys(version).get(id));
    }

    @Override
    public synchronized List<PreKeyPair> loadPreKeys(OmemoVersion version) {
        return List.copyOf(preKeys(version).values());
    }

    @Override
    public synchronized void storePreKey(OmemoVersion version, PreKeyPair preKey) {
        preKeys(version).put(preKey.id(), preKey);
    }

    @Override
    public synchronized void removePreKey(OmemoVersion version, int id) {
        preKeys(version).remove(id);
    }

    @Override
    public synchronized Optional<SignedPreKeyPair> loadSignedPreKey(OmemoVersion version, int id) {
        return Optional.ofNullable(signedPreKeys(version).get(id));
    }

    @Override
    public synchronized List<SignedPreKeyPair> loadSignedPreKeys(OmemoVersion version) {
        return List.copyOf(signedPreKeys(version).values());
    }

    @Override
    public synchronized void storeSignedPreKey(OmemoVersion version, SignedPreKeyPair signedPreKey) {
        signedPreKeys(version).put(signedPreKey.id(), signedPreKey);
    }

    @Override
    public synchronized void removeSignedPreKey(OmemoVersion version, int id) {
        signedPreKeys(version).remove(id);
    }

    @Override
    public synchronized Optional<byte[]> loadSession(DeviceAddress device, OmemoVersion version) {
        return Optional.ofNullable(sessions(version).get(device)).map(byte[]::clone);
    }

    @Override
    public synchronized void storeSession(DeviceAddress device, OmemoVersion version, byte[] session) {
        sessions(version).put(device, session.clone());
    }

    @Override
    public synchronized void deleteSession(DeviceAddress device, OmemoVersion version) {
        sessions(version).remove(device);
    }

    @Override
    public synchronized List<DeviceAddress> sessionDevices(String bareJid, OmemoVersion version) {
        List<DeviceAddress> devices = new ArrayList<>();
        for (DeviceAddress device : sessions(version).keySet()) {
            if (device.bareJid().equals(bareJid)) {
                devices.add(device);
            }
        }
        devices.sort(Comparator.comparingInt(DeviceAddress::deviceId));
        return devices;
    }

    @Override
    public synchronized Optional<TrustRecord> loadTrust(DeviceAddress device) {
        return Optional.ofNullable(trust.getOrDefault(device.bareJid(), Map.of()).get(device.deviceId()));
    }

    @Override
    public synchronized List<TrustRecord> loadTrust(String bareJid) {
        return List.copyOf(trust.getOrDefault(bareJid, Map.of()).values());
    }

    @Override
    public synchronized void storeTrust(TrustRecord record) {
        trust.computeIfAbsent(record.device().bareJid(), jid -> new TreeMap<>()).put(record.device().deviceId(), record);
    }

    @Override
    public synchronized void removeTrust(DeviceAddress device) {
        Map<Integer, TrustRecord> devices = trust.get(device.bareJid());
        if (devices != null) {
            devices.remove(device.deviceId());
        }
    }

    @Override
    public synchronized Optional<Boolean> loadBlindTrust(String bareJid) {
        return Optional.ofNullable(blindTrust.get(bareJid));
    }

    @Override
    public synchronized void storeBlindTrust(String bareJid, boolean blind) {
        blindTrust.put(bareJid, blind);
    }

    @Override
    public synchronized boolean loadDefaultBlindTrust() {
        return defaultBlindTrust;
    }

    @Override
    public synchronized void storeDefaultBlindTrust(boolean blind) {
        defaultBlindTrust = blind;
    }

    @Override
    public synchronized List<String> jidsWithVerifiedDevices() {
        return trust.entrySet().stream()
                .filter(e -> e.getValue().values().stream().anyMatch(r -> r.level() == TrustLevel.VERIFIED))
                .map(Map.Entry::getKey).sorted().toList();
    }

    @Override
    public synchronized boolean loadAutomaticTrust() {
        return automaticTrust;
    }

    @Override
    public synchronized void storeAutomaticTrust(boolean automatic) {
        automaticTrust = automatic;
    }

    @Override
    public synchronized List<PendingTrustEntry> loadPendingTrust() {
        return List.copyOf(pendingTrust);
    }

    @Override
    public synchronized void storePendingTrust(List<PendingTrustEntry> entries) {
        next:
        for (PendingTrustEntry entry : entries) {
            for (int i = 0; i < pendingTrust.size(); i++) {
                if (pendingTrust.get(i).sameSubject(entry)) {
                    pendingTrust.set(i, entry);
                    continue next;
                }
            }
            pendingTrust.add(entry);
        }
    }

    @Override
    public synchronized void removePendingTrust(List<PendingTrustEntry> entries) {
        pendingTrust.removeIf(p -> entries.stream().anyMatch(p::sameSubject));
    }

    private Map<Integer, PreKeyPair> preKeys(OmemoVersion version) {
        return preKeys.computeIfAbsent(version, v -> new TreeMap<>());
    }

    private Map<Integer, SignedPreKeyPair> signedPreKeys(OmemoVersion version) {
        return signedPreKeys.computeIfAbsent(version, v -> new TreeMap<>());
    }

    private Map<DeviceAddress, byte[]> sessions(OmemoVersion version) {
        return sessions.computeIfAbsent(version, v -> new HashMap<>());
    }
}
