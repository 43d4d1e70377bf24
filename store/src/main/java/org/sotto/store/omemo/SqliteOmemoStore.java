package org.sotto.store.omemo;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.Fingerprint;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.PendingTrustEntry;
import org.sotto.crypto.TrustLevel;
import org.sotto.crypto.spi.OmemoStore;
import org.sotto.crypto.spi.PreKeyPair;
import org.sotto.crypto.spi.SignedPreKeyPair;
import org.sotto.store.Database;

/**
 * crypto's {@link OmemoStore} for one account, on the encrypted database. Each call commits on its own, or joins
 * the caller's {@link Database#transaction} (core wraps "decrypt/encrypt + store message" in one).
 */
public final class SqliteOmemoStore implements OmemoStore {
    private final Database db;
    private final OmemoRepositories omemo;
    private final long accountId;

    SqliteOmemoStore(Database db, OmemoRepositories omemo, long accountId) {
        this.db = db;
        this.omemo = omemo;
        this.accountId = accountId;
    }

    @Override
    public Optional<org.sotto.crypto.spi.OwnIdentity> loadOwnIdentity() {
        return omemo.identities().find(accountId)
                .map(own -> new org.sotto.crypto.spi.OwnIdentity(own.deviceId(), own.identitySeed()));
    }

    @Override
    public void storeOwnIdentity(org.sotto.crypto.spi.OwnIdentity identity) {
        omemo.identities().save(new OwnIdentity(accountId, identity.deviceId(), identity.identitySeed(), Instant.now()));
    }

    @Override
    public Optional<PreKeyPair> loadPreKey(OmemoVersion version, int id) {
        return omemo.preKeys().find(accountId, version, id)
                .map(k -> new PreKeyPair(k.id(), k.privateKey(), k.publicKey()));
    }

    @Override
    public List<PreKeyPair> loadPreKeys(OmemoVersion version) {
        return omemo.preKeys().list(accountId, version).stream()
                .map(k -> new PreKeyPair(k.id(), k.privateKey(), k.publicKey())).toList();
    }

    @Override
    public void storePreKey(OmemoVersion version, PreKeyPair preKey) {
        omemo.preKeys().put(accountId, version, new PreKey(preKey.id(), preKey.privateKey(), preKey.publicKey()));
    }

    @Override
    public void removePreKey(OmemoVersion version, int id) {
        omemo.preKeys().remove(accountId, version, id);
    }

    @Override
    public Optional<SignedPreKeyPair> loadSignedPreKey(OmemoVersion version, int id) {
        return omemo.signedPreKeys().find(accountId, version, id).map(SqliteOmemoStore::toSpi);
    }

    @Override
    public List<SignedPreKeyPair> loadSignedPreKeys(OmemoVersion version) {
        return omemo.signedPreKeys().list(accountId, version).stream().map(SqliteOmemoStore::toSpi).toList();
    }

    @Override
    public void storeSignedPreKey(OmemoVersion version, SignedPreKeyPair key) {
        omemo.signedPreKeys().put(accountId, version,
                new SignedPreKey(key.id(), key.privateKey(), key.publicKey(), key.signature(), key.createdAt()));
    }

    @Override
    public void removeSignedPreKey(OmemoVersion version, int id) {
        omemo.signedPreKeys().remove(accountId, version, id);
    }

    private static SignedPreKeyPair toSpi(SignedPreKey key) {
        return new SignedPreKeyPair(key.id(), key.privateKey(), key.publicKey(), key.signature(), key.createdAt());
    }

    @Override
    public Optional<byte[]> loadSession(DeviceAddress device, OmemoVersion version) {
        return omemo.sessions().find(accountId, device.bareJid(), device.deviceId(), version);
    }

    @Override
    public void storeSession(DeviceAddress device, OmemoVersion version, byte[] session) {
        omemo.sessions().put(accountId, device.bareJid(), device.deviceId(), version, session);
    }

    @Override
    public void deleteSession(DeviceAddress device, OmemoVersion version) {
        omemo.sessions().remove(accountId, device.bareJid(), device.deviceId(), version);
    }

    @Override
    public List<DeviceAddress> sessionDevices(String bareJid, OmemoVersion version) {
        return omemo.sessions().deviceIds(accountId, bareJid, version).stream()
                .map(id -> new DeviceAddress(bareJid, id)).toList();
    }

    /** The decision for the identity key the device was last stored with (older keys' records are kept). */
    @Override
    public Optional<org.sotto.crypto.TrustRecord> loadTrust(DeviceAddress device) {
        return omemo.trust().latest(accountId, device.bareJid(), device.deviceId()).map(SqliteOmemoStore::toSpi);
    }

    @Override
    public List<org.sotto.crypto.TrustRecord> loadTrust(String bareJid) {
        Map<Integer, TrustRecord> latest = new LinkedHashMap<>();
        for (TrustRecord record : omemo.trust().forJid(accountId, bareJid)) {
            latest.merge(record.deviceId(), record, (a, b) -> b.updatedAt().isAfter(a.updatedAt()) ? b : a);
        }
        return latest.values().stream().map(SqliteOmemoStore::toSpi).toList();
    }

    @Override
    public void storeTrust(org.sotto.crypto.TrustRecord record) {
        omemo.trust().set(accountId, record.device().bareJid(), record.device().deviceId(), record.identity().key(),
                record.level());
    }

    @Override
    public void removeTrust(DeviceAddress device) {
        omemo.trust().removeDevice(accountId, device.bareJid(), device.deviceId());
    }

    @Override
    public Optional<Boolean> loadBlindTrust(String bareJid) {
        return omemo.trust().blindTrust(accountId, bareJid);
    }

    @Override
    public void storeBlindTrust(String bareJid, boolean blind) {
        omemo.trust().setBlindTrust(accountId, bareJid, blind);
    }

    @Override
    public boolean loadDefaultBlindTrust() {
        return omemo.trust().defaultBlindTrust(accountId);
    }

    @Override
    public void storeDefaultBlindTrust(boolean blind) {
        omemo.trust().setDefaultBlindTrust(accountId, blind);
    }

    @Override
    public List<String> jidsWithVerifiedDevices() {
        return omemo.trust().jidsWithVerifiedDevices(accountId);
    }

    @Override
    public boolean loadAutomaticTrust() {
        return omemo.trust().automaticTrust(accountId);
    }

    @Override
    public void storeAutomaticTrust(boolean automatic) {
        omemo.trust().setAutomaticTrust(accountId, automatic);
    }

    @Override
    public List<PendingTrustEntry> loadPendingTrust() {
        return omemo.trust().pendingTrust(accountId);
    }

    @Override
    public void storePendingTrust(List<PendingTrustEntry> entries) {
        omemo.trust().keepPendingTrust(accountId, entries);
    }

    @Override
    public void removePendingTrust(List<PendingTrustEntry> entries) {
        omemo.trust().dropPendingTrust(accountId, entries);
    }

    private static org.sotto.crypto.TrustRecord toSpi(TrustRecord record) {
        return new org.sotto.crypto.TrustRecord(new DeviceAddress(record.jid(), record.deviceId()),
                new Fingerprint(record.identityKey()), TrustLevel.valueOf(record.state().name()));
    }

    /** The database this store writes to, for units of work spanning OMEMO state and messages. */
    public Database database() {
        return db;
    }
}
