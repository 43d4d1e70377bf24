package org.sotto.crypto.omemo03;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.InvalidKeyIdException;
import org.signal.libsignal.protocol.InvalidMessageException;
import org.signal.libsignal.protocol.NoSessionException;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.ecc.ECPrivateKey;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.state.IdentityKeyStore;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.KyberPreKeyStore;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyStore;
import org.signal.libsignal.protocol.state.SessionRecord;
import org.signal.libsignal.protocol.state.SessionStore;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyStore;

import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.Fingerprint;
import org.sotto.crypto.IdentityChangedException;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.TrustManager;
import org.sotto.crypto.TrustRecord;
import org.sotto.crypto.spi.OmemoStore;
import org.sotto.crypto.spi.PreKeyPair;
import org.sotto.crypto.spi.SignedPreKeyPair;

/**
 * libsignal's store interfaces over our SPI for one operation. Writes (sessions, used prekeys, newly seen
 * identities) are held back until {@link #commit()}, which the caller runs only after libsignal succeeded: a
 * failed decryption leaves the stored state exactly as it was.
 */
final class LibsignalStore implements SessionStore, PreKeyStore, SignedPreKeyStore, IdentityKeyStore, KyberPreKeyStore {
    private static final OmemoVersion V = OmemoVersion.V0_3;

    private final OmemoStore store;
    private final TrustManager trust;
    private final IdentityKeyPair identity;
    private final int registrationId;
    private final Map<DeviceAddress, byte[]> pendingSessions = new LinkedHashMap<>();
    private final Map<DeviceAddress, SessionRecord> loaded = new HashMap<>();
    private final Set<Integer> usedPreKeys = new HashSet<>();
    private final Map<DeviceAddress, Fingerprint> seenIdentities = new LinkedHashMap<>();
    private IdentityChangedException identityConflict;

    LibsignalStore(OmemoStore store, TrustManager trust, IdentityKeyPair identity, int registrationId) {
        this.store = store;
        this.trust = trust;
        this.identity = identity;
        this.registrationId = registrationId;
    }

    /** Writes what the successful operation changed. */
    void commit() throws IdentityChangedException {
        for (Map.Entry<DeviceAddress, Fingerprint> seen : seenIdentities.entrySet()) {
            trust.observe(seen.getKey(), seen.getValue());
        }
        pendingSessions.forEach((device, session) -> store.storeSession(device, V, session));
        usedPreKeys.forEach(id -> store.removePreKey(V, id));
    }

    /** The identity conflict that made libsignal refuse an identity, if that was the reason. */
    Optional<IdentityChangedException> identityConflict() {
        return Optional.ofNullable(identityConflict);
    }

    static DeviceAddress device(SignalProtocolAddress address) {
        return new DeviceAddress(address.getName(), address.getDeviceId());
    }

    static Fingerprint fingerprint(IdentityKey key) {
        return new Fingerprint(key.getPublicKey().getPublicKeyBytes());
    }

    /** True if this operation replaced or created the session with the device (a PreKey message built one). */
    boolean startedSession(DeviceAddress device) {
        byte[] after = pendingSessions.get(device);
        if (after == null) {
            return false;
        }
        byte[] before = store.loadSession(device, V).orElse(null);
        if (before == null) {
            return true;
        }
        try {
            return !Arrays.equals(new SessionRecord(before).getAliceBaseKey(),
                    new SessionRecord(after).getAliceBaseKey());
        } catch (InvalidMessageException e) {
            return true;
        }
    }

    // --- sessions

    @Override
    public SessionRecord loadSession(SignalProtocolAddress address) {
        DeviceAddress device = device(address);
        SessionRecord cached = loaded.get(device);
        if (cached != null) {
            return cached; // read once per operation; libsignal works on its own copy
        }
        byte[] bytes = pendingSessions.containsKey(device) ? pendingSessions.get(device)
                : store.loadSession(device, V).orElse(null);
        if (bytes == null) {
            return null;
        }
        try {
            SessionRecord record = new SessionRecord(bytes);
            loaded.put(device, record);
            return record;
        } catch (InvalidMessageException e) {
            throw new IllegalStateException("the stored OMEMO 0.3 session with " + device + " is corrupt", e);
        }
    }

    @Override
    public List<SessionRecord> loadExistingSessions(List<SignalProtocolAddress> addresses)
            throws NoSessionException {
        List<SessionRecord> records = new ArrayList<>();
        for (SignalProtocolAddress address : addresses) {
            SessionRecord record = loadSession(address);
            if (record == null) {
                throw new NoSessionException("no session with " + device(address));
            }
            records.add(record);
        }
        return records;
    }

    @Override
    public List<Integer> getSubDeviceSessions(String name) {
        return store.sessionDevices(name, V).stream().map(DeviceAddress::deviceId).toList();
    }

    @Override
    public void storeSession(SignalProtocolAddress address, SessionRecord record) {
        DeviceAddress device = device(address);
        pendingSessions.put(device, record.serialize());
        loaded.remove(device);
    }

    @Override
    public boolean containsSession(SignalProtocolAddress address) {
        return loadSession(address) != null;
    }

    @Override
    public void deleteSession(SignalProtocolAddress address) {
        throw new UnsupportedOperationException("sessions are deleted through the OMEMO store, not by libsignal");
    }

    @Override
    public void deleteAllSessions(String name) {
        throw new UnsupportedOperationException("sessions are deleted through the OMEMO store, not by libsignal");
    }

    // --- one-time prekeys

    @Override
    public PreKeyRecord loadPreKey(int id) throws InvalidKeyIdException {
        PreKeyPair key = usedPreKeys.contains(id) ? null : store.loadPreKey(V, id).orElse(null);
        if (key == null) {
            throw new InvalidKeyIdException("no one-time prekey " + id);
        }
        return new PreKeyRecord(id, keyPair(key.publicKey(), key.privateKey()));
    }

    @Override
    public void storePreKey(int id, PreKeyRecord record) {
        throw new UnsupportedOperationException("prekeys are made by PreKeyMaintenance");
    }

    @Override
    public boolean containsPreKey(int id) {
        return !usedPreKeys.contains(id) && store.loadPreKey(V, id).isPresent();
    }

    @Override
    public void removePreKey(int id) {
        usedPreKeys.add(id);
    }

    // --- signed prekeys

    @Override
    public SignedPreKeyRecord loadSignedPreKey(int id) throws InvalidKeyIdException {
        SignedPreKeyPair key = store.loadSignedPreKey(V, id)
                .orElseThrow(() -> new InvalidKeyIdException("no signed prekey " + id));
        return new SignedPreKeyRecord(id, key.createdAt().toEpochMilli(), keyPair(key.publicKey(), key.privateKey()),
                key.signature());
    }

    @Override
    public List<SignedPreKeyRecord> loadSignedPreKeys() {
        List<SignedPreKeyRecord> records = new ArrayList<>();
        for (SignedPreKeyPair key : store.loadSignedPreKeys(V)) {
            records.add(new SignedPreKeyRecord(key.id(), key.createdAt().toEpochMilli(),
                    keyPair(key.publicKey(), key.privateKey()), key.signature()));
        }
        return records;
    }

    @Override
    public void storeSignedPreKey(int id, SignedPreKeyRecord record) {
        throw new UnsupportedOperationException("signed prekeys are made by PreKeyMaintenance");
    }

    @Override
    public boolean containsSignedPreKey(int id) {
        return store.loadSignedPreKey(V, id).isPresent();
    }

    @Override
    public void removeSignedPreKey(int id) {
        throw new UnsupportedOperationException("signed prekeys are dropped by PreKeyMaintenance");
    }

    // --- identities

    @Override
    public IdentityKeyPair getIdentityKeyPair() {
        return identity;
    }

    @Override
    public int getLocalRegistrationId() {
        return registrationId;
    }

    @Override
    public boolean saveIdentity(SignalProtocolAddress address, IdentityKey identityKey) {
        seenIdentities.put(device(address), fingerprint(identityKey));
        return false;
    }

    @Override
    public boolean isTrustedIdentity(SignalProtocolAddress address, IdentityKey identityKey, Direction direction) {
        DeviceAddress device = device(address);
        Fingerprint presented = fingerprint(identityKey);
        Fingerprint seen = seenIdentities.get(device);
        if (seen != null && !seen.equals(presented)) {
            identityConflict = new IdentityChangedException(device, seen, presented);
            return false;
        }
        try {
            trust.checkIdentity(device, presented);
            return true;
        } catch (IdentityChangedException e) {
            identityConflict = e;
            return false;
        }
    }

    @Override
    public IdentityKey getIdentity(SignalProtocolAddress address) {
        DeviceAddress device = device(address);
        Fingerprint known = seenIdentities.containsKey(device) ? seenIdentities.get(device)
                : store.loadTrust(device).map(TrustRecord::identity).orElse(null);
        if (known == null) {
            return null;
        }
        try {
            return new IdentityKey(ECPublicKey.fromPublicKeyBytes(known.key()));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("the identity on record for " + device + " is not a Curve25519 key", e);
        }
    }

    // --- Kyber: OMEMO 0.3 has none

    @Override
    public KyberPreKeyRecord loadKyberPreKey(int id) throws InvalidKeyIdException {
        throw new InvalidKeyIdException("OMEMO 0.3 has no Kyber prekeys");
    }

    @Override
    public List<KyberPreKeyRecord> loadKyberPreKeys() {
        return List.of();
    }

    @Override
    public void storeKyberPreKey(int id, KyberPreKeyRecord record) {
        throw new UnsupportedOperationException("OMEMO 0.3 has no Kyber prekeys");
    }

    @Override
    public boolean containsKyberPreKey(int id) {
        return false;
    }

    @Override
    public void markKyberPreKeyUsed(int id) {
        throw new UnsupportedOperationException("OMEMO 0.3 has no Kyber prekeys");
    }

    static ECKeyPair keyPair(byte[] publicKey, byte[] privateKey) {
        try {
            return new ECKeyPair(ECPublicKey.fromPublicKeyBytes(publicKey), new ECPrivateKey(privateKey));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("a stored prekey is not an X25519 key pair", e);
        }
    }
}
