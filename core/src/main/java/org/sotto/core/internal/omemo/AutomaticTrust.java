package org.sotto.core.internal.omemo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.sotto.core.internal.omemo.element.BundleElement;
import org.sotto.core.internal.omemo.element.TrustMessageElement;
import org.sotto.core.internal.omemo.element.TrustMessageElement.Entry;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.Fingerprint;
import org.sotto.crypto.IdentityChangedException;
import org.sotto.crypto.IdentityKeys;
import org.sotto.crypto.InvalidKeyLengthException;
import org.sotto.crypto.OmemoException;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.PendingTrustEntry;
import org.sotto.crypto.TrustLevel;
import org.sotto.crypto.TrustManager;
import org.sotto.crypto.TrustRecord;

/**
 * XEP-0450 Automatic Trust Management over OMEMO 2, when the account turned it on ({@link TrustManager#automaticTrust}).
 * <p>Sending, after the user's own verify or distrust of a device: trust messages (XEP-0434, inside the OMEMO 2
 * envelope, never in the clear) only to VERIFIED devices — for a contact's device: its key to the own verified
 * devices, and the own verified keys to that device; for an own device: its key to every other verified device (own
 * and contacts'), and every verified key to that device; a distrust to the own verified devices (a contact's device)
 * or to every verified device (an own device).
 * <p>Receiving: an entry counts only from a device this account verified (until then it is kept, and applied once
 * that device is verified with the same key), and only about the sender's own account's keys, or about anyone's
 * when the sender is one of the own devices. A key not known yet is kept until a device shows it. An automatic
 * trust never overrides the user's distrust; a distrust applies whatever the level was. Automatic decisions send
 * nothing themselves.
 * <p>Waiting entries are kept in the account's store (the XEP asks that they survive a restart), at most
 * {@link #MAX_PENDING} (the oldest go first), with a copy in memory. Account worker.
 */
final class AutomaticTrust {
    private static final Logger LOG = Logger.getLogger(AutomaticTrust.class.getName());
    /** Most entries kept waiting for their sender's verification or for their key. */
    static final int MAX_PENDING = 1000;
    /** The longest owner JID kept (a bare JID has at most 1023 bytes of local part and 1023 of domain). */
    static final int MAX_OWNER_CHARS = 2047;

    private final OmemoAccount ctx;
    private final OmemoEncryptor encryptor;
    private final TrustManager trust;
    private final Runnable trustChanged;
    /** The store's waiting entries, oldest first; read on first use. */
    private Deque<PendingTrustEntry> pending;
    /** Ed25519 identity keys learnt from bundles and trust messages, by their fingerprint (the key identifier). */
    private final Map<Fingerprint, byte[]> ed25519 = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Fingerprint, byte[]> eldest) {
            return size() > MAX_PENDING;
        }
    };

    /** @param trustChanged what follows an automatic decision (chat states, the queued messages) */
    AutomaticTrust(OmemoAccount ctx, OmemoEncryptor encryptor, Runnable trustChanged) {
        this.ctx = ctx;
        this.encryptor = encryptor;
        this.trust = ctx.trust;
        this.trustChanged = trustChanged;
    }

    boolean enabled() {
        return trust.automaticTrust() && ctx.speaks(OmemoVersion.V2);
    }

    /** How many received entries wait (for their sender's verification or their key); tests. */
    synchronized int pendingCount() {
        return pending().size();
    }

    private Deque<PendingTrustEntry> pending() {
        if (pending == null) {
            pending = new ArrayDeque<>(trust.pendingTrust());
        }
        return pending;
    }

    /** Adds the entries (newest last) to what waits, in memory and in the store, dropping the oldest beyond the bound. */
    private void keep(List<PendingTrustEntry> entries) {
        Deque<PendingTrustEntry> waiting = pending();
        for (PendingTrustEntry entry : entries) {
            waiting.removeIf(p -> p.sameSubject(entry));
            waiting.addLast(entry);
        }
        List<PendingTrustEntry> dropped = new ArrayList<>();
        while (waiting.size() > MAX_PENDING) {
            dropped.add(waiting.removeFirst());
        }
        trust.dropPendingTrust(dropped);
        trust.keepPendingTrust(entries.stream().filter(e -> !dropped.contains(e)).toList());
    }

    // ------------------------------------------------------------------------------------------------ receiving

    /** A decrypted OMEMO 2 trust message from {@code sender}, whose key was {@code senderKey}. */
    synchronized void received(DeviceAddress sender, Fingerprint senderKey, TrustMessageElement message) {
        if (!enabled()) {
            LOG.fine(() -> "a trust message from " + sender + " ignored: automatic trust is off");
            return;
        }
        boolean fromOwnDevice = sender.bareJid().equals(ctx.account);
        int refused = 0;
        List<PendingTrustEntry> entries = new ArrayList<>();
        for (Entry entry : message.entries()) {
            if (!fromOwnDevice && !entry.owner().equals(sender.bareJid()) || entry.owner().length() > MAX_OWNER_CHARS) {
                refused++; // a contact speaks only for its own keys
                continue;
            }
            entries.add(new PendingTrustEntry(sender, senderKey, entry.owner(), entry.key(), entry.trust()));
        }
        keep(entries);
        if (refused > 0) {
            int count = refused;
            LOG.info(() -> count + " entries of a trust message from " + sender + " were about other accounts; ignored");
        }
        applyPending();
    }

    /**
     * Applies what waits and can be applied now (its sender verified with the key it had, its key known); drops
     * what came from a device that since shows another key or was distrusted. Repeats while automatic verifications
     * release further entries.
     */
    synchronized void applyPending() {
        if (!enabled() || pending().isEmpty()) {
            return;
        }
        boolean changed = false;
        boolean again = true;
        List<PendingTrustEntry> done = new ArrayList<>();
        while (again) {
            again = false;
            for (Iterator<PendingTrustEntry> it = pending.iterator(); it.hasNext(); ) {
                PendingTrustEntry p = it.next();
                Optional<TrustRecord> sender = trust.trust(p.sender());
                if (sender.isEmpty()) {
                    continue;
                }
                if (!sender.get().identity().equals(p.senderKey()) || sender.get().level() == TrustLevel.DISTRUSTED) {
                    done.add(p);
                    it.remove();
                    continue;
                }
                if (sender.get().level() != TrustLevel.VERIFIED) {
                    continue;
                }
                Optional<Boolean> applied = apply(new Entry(p.owner(), p.key(), p.trust()));
                if (applied.isPresent()) {
                    done.add(p);
                    it.remove();
                    changed |= applied.get();
                    again |= applied.get() && p.trust();
                }
            }
        }
        trust.dropPendingTrust(done);
        if (changed) {
            trustChanged.run();
        }
    }

    /** Empty while no device of the owner has the key; else whether a record changed. */
    private Optional<Boolean> apply(Entry entry) {
        Fingerprint key;
        try {
            key = Fingerprint.ofEd25519(entry.key());
        } catch (InvalidKeyLengthException e) {
            return Optional.of(false);
        }
        boolean self = entry.owner().equals(ctx.account);
        try {
            if (self && key.equals(ctx.ownFingerprint())) {
                return Optional.of(false); // about this device: nothing to decide here
            }
        } catch (OmemoException e) {
            return Optional.of(false);
        }
        List<TrustRecord> holders = trust.devicesOf(entry.owner()).stream().filter(r -> r.identity().equals(key)).toList();
        if (holders.isEmpty()) {
            return Optional.empty();
        }
        ed25519.put(key, entry.key().clone()); // from a verified device: the exact form to pass on
        boolean changed = false;
        for (TrustRecord record : holders) {
            TrustLevel target = entry.trust() ? TrustLevel.VERIFIED : TrustLevel.DISTRUSTED;
            if (record.level() == target || (entry.trust() && record.level() == TrustLevel.DISTRUSTED)) {
                continue; // the user's distrust stays
            }
            try {
                trust.decide(record.device(), key, target);
                changed = true;
                LOG.info(() -> "automatic trust: " + record.device() + " is now " + target);
            } catch (IdentityChangedException e) {
                // the record holds this key: cannot happen
            }
        }
        return Optional.of(changed);
    }

    // -------------------------------------------------------------------------------------------------- sending

    /**
     * After the user's own decision that made {@code device} VERIFIED or DISTRUSTED: the trust messages XEP-0450
     * asks for, then what waited for this device's verification. Needs a connection (without one nothing is sent).
     */
    synchronized void decided(DeviceAddress device, TrustLevel level) {
        if (!enabled() || (level != TrustLevel.VERIFIED && level != TrustLevel.DISTRUSTED)) {
            return;
        }
        try {
            send(device, level);
        } catch (OmemoSendException e) {
            LOG.info(() -> "no trust message after the decision about " + device + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "trust messages after the decision about " + device + " failed", e);
        }
        applyPending();
    }

    private void send(DeviceAddress device, TrustLevel level) throws OmemoSendException, InterruptedException {
        TrustRecord record = trust.trust(device).orElse(null);
        if (record == null) {
            return;
        }
        Entry about = new Entry(device.bareJid(), keyId(device, record.identity()), level == TrustLevel.VERIFIED);
        boolean ownDevice = device.bareJid().equals(ctx.account);
        List<TrustRecord> ownVerified = verified(ctx.account);
        List<TrustRecord> othersVerified = new ArrayList<>();
        for (String jid : trust.jidsWithVerifiedDevices()) {
            if (!jid.equals(ctx.account)) {
                othersVerified.addAll(verified(jid));
            }
        }
        // the key decided about, to the verified devices that should know
        sendTo(ctx.account, without(ownVerified, device), List.of(about));
        if (ownDevice) {
            Map<String, List<TrustRecord>> byJid = new LinkedHashMap<>();
            without(othersVerified, device).forEach(r -> byJid.computeIfAbsent(r.device().bareJid(), j -> new ArrayList<>()).add(r));
            for (Map.Entry<String, List<TrustRecord>> contact : byJid.entrySet()) {
                sendTo(contact.getKey(), contact.getValue(), List.of(about));
            }
        }
        if (level != TrustLevel.VERIFIED) {
            return;
        }
        // and to the device now verified: the verified keys it should learn (only the own ones for a contact)
        List<Entry> keys = new ArrayList<>();
        List<TrustRecord> known = new ArrayList<>(without(ownVerified, device));
        if (ownDevice) {
            known.addAll(without(othersVerified, device));
        }
        for (TrustRecord r : known) {
            if (keys.size() >= TrustMessageElement.MAX_KEYS) {
                break;
            }
            keys.add(new Entry(r.device().bareJid(), keyId(r.device(), r.identity()), true));
        }
        sendTo(device.bareJid(), List.of(record), keys);
    }

    private List<TrustRecord> verified(String jid) {
        return trust.devicesOf(jid).stream().filter(r -> r.level() == TrustLevel.VERIFIED)
                .filter(r -> !ctx.isOwnDevice(r.device())).toList();
    }

    private static List<TrustRecord> without(List<TrustRecord> records, DeviceAddress device) {
        return records.stream().filter(r -> !r.device().equals(device)).toList();
    }

    private void sendTo(String jid, List<TrustRecord> devices, List<Entry> entries) throws OmemoSendException, InterruptedException {
        if (devices.isEmpty() || entries.isEmpty()) {
            return;
        }
        List<DeviceAddress> got = encryptor.sendOmemo2(jid, devices.stream().map(TrustRecord::device).toList(),
                new TrustMessageElement(entries));
        LOG.info(() -> "trust message with " + entries.size() + " keys sent to " + got.size() + " verified devices of " + jid);
    }

    /**
     * The key identifier of a device: its Ed25519 identity key. This device's own; another's from what was learnt or
     * from its OMEMO 2 bundle when that shows the recorded key; else derived from the fingerprint with sign bit 0
     * (receivers that compare fingerprints, as Sotto does, match it either way).
     */
    private byte[] keyId(DeviceAddress device, Fingerprint fingerprint) {
        try {
            if (ctx.isOwnDevice(device)) {
                return ctx.protocol(OmemoVersion.V2).ownBundle().identityKey();
            }
            byte[] known = ed25519.get(fingerprint);
            if (known != null) {
                return known.clone();
            }
            Optional<BundleElement> bundle = encryptor.fetchBundle(device, OmemoVersion.V2);
            if (bundle.isPresent()) {
                byte[] key = bundle.get().identityKey();
                if (key.length == 32 && Fingerprint.ofEd25519(key).equals(fingerprint)) {
                    ed25519.put(fingerprint, key.clone());
                    return key;
                }
            }
            return IdentityKeys.curve25519ToEd25519(fingerprint.key(), false);
        } catch (OmemoException e) {
            throw new IllegalStateException("no key identifier for " + device + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
