package org.sotto.crypto;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.sotto.crypto.spi.TrustStore;

/**
 * Trust decisions per (JID, device id, identity key), with blind trust before verification: a contact's devices
 * are trusted blindly until the user verifies one of them; from then on each new device of that contact starts
 * UNDECIDED and blocks sending until the user decides. The user may choose otherwise per contact (blind trust on or
 * off, {@link #setBlindTrust}) or for every contact without a choice ({@link #setDefaultBlindTrust}); verifying a
 * device turns blind trust off for its owner. A known device that shows a different identity key is refused with
 * {@link IdentityChangedException}: the record keeps the old key until the user accepts the new one
 * ({@link #replaceIdentity}).
 */
public final class TrustManager {
    private final TrustStore store;

    public TrustManager(TrustStore store) {
        this.store = store;
    }

    /**
     * Records a device's identity when first seen (from a bundle or a PreKey message) and returns its trust.
     *
     * @throws IdentityChangedException if the device is on record with another identity key
     */
    public TrustLevel observe(DeviceAddress device, Fingerprint identity) throws IdentityChangedException {
        Optional<TrustRecord> known = store.loadTrust(device);
        if (known.isPresent()) {
            requireSameIdentity(known.get(), identity);
            return known.get().level();
        }
        TrustLevel level = blindTrust(device.bareJid()) ? TrustLevel.TRUSTED_BLIND : TrustLevel.UNDECIDED;
        store.storeTrust(new TrustRecord(device, identity, level));
        return level;
    }

    /**
     * Whether a new device of {@code bareJid} is trusted blindly: the user's choice for that contact, else the
     * default as long as none of its devices is verified.
     */
    public boolean blindTrust(String bareJid) {
        return store.loadBlindTrust(bareJid).orElseGet(() -> store.loadDefaultBlindTrust() && !hasVerifiedDevice(bareJid));
    }

    /** The user's choice for {@code bareJid}'s new devices; the devices seen already keep their trust. */
    public void setBlindTrust(String bareJid, boolean blind) {
        store.storeBlindTrust(bareJid, blind);
    }

    public boolean defaultBlindTrust() {
        return store.loadDefaultBlindTrust();
    }

    /** The choice for contacts without one of their own. */
    public void setDefaultBlindTrust(boolean blind) {
        store.storeDefaultBlindTrust(blind);
    }

    /** Whether the account takes part in XEP-0450 automatic trust management (off by default). */
    public boolean automaticTrust() {
        return store.loadAutomaticTrust();
    }

    public void setAutomaticTrust(boolean automatic) {
        store.storeAutomaticTrust(automatic);
    }

    /** The received XEP-0450 entries that wait for their sender's verification or their key, oldest first. */
    public List<PendingTrustEntry> pendingTrust() {
        return store.loadPendingTrust();
    }

    public void keepPendingTrust(List<PendingTrustEntry> entries) {
        if (!entries.isEmpty()) {
            store.storePendingTrust(entries);
        }
    }

    public void dropPendingTrust(List<PendingTrustEntry> entries) {
        if (!entries.isEmpty()) {
            store.removePendingTrust(entries);
        }
    }

    /** Fails if the device is on record with another identity key; records nothing. */
    public void checkIdentity(DeviceAddress device, Fingerprint identity) throws IdentityChangedException {
        Optional<TrustRecord> known = store.loadTrust(device);
        if (known.isPresent()) {
            requireSameIdentity(known.get(), identity);
        }
    }

    public Optional<TrustRecord> trust(DeviceAddress device) {
        return store.loadTrust(device);
    }

    public List<TrustRecord> devicesOf(String bareJid) {
        return store.loadTrust(bareJid);
    }

    /** The JIDs (contacts or the own one) with at least one VERIFIED device. */
    public List<String> jidsWithVerifiedDevices() {
        return store.jidsWithVerifiedDevices();
    }

    /** The user's decision for a device and the identity key they saw. */
    public void decide(DeviceAddress device, Fingerprint identity, TrustLevel level) throws IdentityChangedException {
        Optional<TrustRecord> known = store.loadTrust(device);
        if (known.isPresent()) {
            requireSameIdentity(known.get(), identity);
        }
        store.storeTrust(new TrustRecord(device, identity, level));
        if (level == TrustLevel.VERIFIED) {
            store.storeBlindTrust(device.bareJid(), false);
        }
    }

    /**
     * Verifies every device a scanned URI names: known devices with the same key become VERIFIED, unknown ones are
     * recorded VERIFIED ahead of their first message.
     *
     * @throws IdentityChangedException for a device on record with a different key (nothing is changed then)
     */
    public void verify(OmemoUri uri) throws IdentityChangedException {
        for (OmemoUri.DeviceFingerprint device : uri.devices()) {
            checkIdentity(new DeviceAddress(uri.bareJid(), device.deviceId()), device.fingerprint());
        }
        for (OmemoUri.DeviceFingerprint device : uri.devices()) {
            store.storeTrust(new TrustRecord(new DeviceAddress(uri.bareJid(), device.deviceId()),
                    device.fingerprint(), TrustLevel.VERIFIED));
        }
        store.storeBlindTrust(uri.bareJid(), false);
    }

    /**
     * The user accepted that a known device now has another identity key (a reinstall that kept its id): the new key
     * becomes the device's record, UNDECIDED whatever the old decision was, so it reads nothing until the user
     * decides again. The caller drops the sessions built with the old key.
     */
    public void replaceIdentity(DeviceAddress device, Fingerprint identity) {
        store.storeTrust(new TrustRecord(device, identity, TrustLevel.UNDECIDED));
    }

    /** Forgets a device (e.g. removed from its owner's device list), so that it may come back with a new key. */
    public void forget(DeviceAddress device) {
        store.removeTrust(device);
    }

    /** Sorts the devices a message would go to by their trust; see {@link SendPlan}. */
    public SendPlan planSend(Collection<DeviceAddress> devices) {
        List<DeviceAddress> recipients = new ArrayList<>();
        List<DeviceAddress> blocking = new ArrayList<>();
        List<DeviceAddress> excluded = new ArrayList<>();
        List<DeviceAddress> unknown = new ArrayList<>();
        for (DeviceAddress device : devices) {
            Optional<TrustRecord> record = store.loadTrust(device);
            if (record.isEmpty()) {
                unknown.add(device);
            } else {
                switch (record.get().level()) {
                    case TRUSTED_BLIND, VERIFIED -> recipients.add(device);
                    case UNDECIDED -> blocking.add(device);
                    case DISTRUSTED -> excluded.add(device);
                }
            }
        }
        return new SendPlan(recipients, blocking, excluded, unknown);
    }

    /** @throws UntrustedIdentityException unless the device is trusted (blindly or verified) */
    public void requireTrusted(DeviceAddress device) throws UntrustedIdentityException {
        TrustLevel level = store.loadTrust(device).map(TrustRecord::level).orElse(null);
        if (level == null || !level.mayReceive()) {
            throw new UntrustedIdentityException("device " + device + " is "
                    + (level == null ? "unknown" : level.name().toLowerCase(Locale.ROOT))
                    + "; it gets no message keys until the user trusts it");
        }
    }

    private boolean hasVerifiedDevice(String bareJid) {
        return store.loadTrust(bareJid).stream().anyMatch(r -> r.level() == TrustLevel.VERIFIED);
    }

    private static void requireSameIdentity(TrustRecord known, Fingerprint presented) throws IdentityChangedException {
        if (!known.identity().equals(presented)) {
            throw new IdentityChangedException(known.device(), known.identity(), presented);
        }
    }
}
