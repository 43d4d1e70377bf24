package org.sotto.core.internal.omemo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.event.ChatEncryptionChanged;
import org.sotto.core.api.event.ObservableValue;
import org.sotto.core.internal.event.EventBus;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.TrustLevel;
import org.sotto.crypto.TrustManager;
import org.sotto.crypto.TrustRecord;

/**
 * The encryption state of each chat the GUI looks at, derived from the cached device lists, the trust records and
 * the user's plaintext choice; recomputed when one of them changes.
 */
final class ChatEncryptionStates {
    private final String account;
    private final Set<OmemoVersion> versions;
    private final DeviceDirectory directory;
    private final TrustManager trust;
    private final Predicate<String> plaintext;
    private final IntSupplier ownDeviceId;
    private final EventBus events;
    private final Map<String, ObservableValue<Encryption>> states = new ConcurrentHashMap<>();
    /** Rooms by JID (empty: not a room the account is in). */
    private volatile Function<String, Optional<RoomView>> rooms = jid -> Optional.empty();

    /**
     * What the states need to know of a room: whether its features are known, whether it can be encrypted, and its
     * members' real JIDs.
     */
    record RoomView(boolean featuresKnown, boolean encryptable, Set<String> members) {
        RoomView(boolean encryptable, Set<String> members) {
            this(true, encryptable, members);
        }
    }

    /** @param events where changes are published (null: nowhere) */
    ChatEncryptionStates(String account, Set<OmemoVersion> versions, DeviceDirectory directory, TrustManager trust,
                         Predicate<String> plaintext, IntSupplier ownDeviceId, EventBus events) {
        this.account = account;
        this.versions = versions;
        this.directory = directory;
        this.trust = trust;
        this.plaintext = plaintext;
        this.ownDeviceId = ownDeviceId;
        this.events = events;
    }

    private boolean isThisDevice(DeviceAddress device) {
        return device.bareJid().equals(account) && device.deviceId() == ownDeviceId.getAsInt();
    }

    /**
     * The chat's current encryption state, what the next message would be: PLAINTEXT only when the user chose
     * plaintext; DEVICES_UNKNOWN when no device of the contact is known (never fetched, or none listed: the next
     * send fetches them and fails if there are none); E2EE_UNTRUSTED_DEVICES when an undecided device (the contact's, or an own
     * one) would block; E2EE_VERIFIED when every device that would get the message is verified; else E2EE_TRUSTED.
     * Changes (on the event thread) when devices, trust or the choice change; each change is also a
     * {@link org.sotto.core.api.event.ChatEncryptionChanged} event.
     */
    ObservableValue<Encryption> encryptionState(String peer) {
        return states.computeIfAbsent(peer, p -> new ObservableValue<>(compute(p),
                events == null ? Runnable::run : events::execute));
    }

    /**
     * Starts following a contact's chat (a no-op for the own account and for chats already followed): its later
     * changes are published, also when no one asked for its state yet. Called before a change of its devices.
     */
    void track(String peer) {
        if (!peer.equals(account)) {
            encryptionState(peer);
        }
    }

    void useRooms(Function<String, Optional<RoomView>> rooms) {
        this.rooms = rooms;
    }

    /**
     * As described at {@link #encryptionState}; a room's state is that of its members together (a room whose
     * features are not known yet is DEVICES_UNKNOWN, one that cannot be encrypted ENCRYPTION_UNAVAILABLE: nothing
     * encrypted can be sent there).
     */
    Encryption compute(String peer) {
        if (plaintext.test(peer)) {
            return Encryption.PLAINTEXT;
        }
        Optional<RoomView> room = rooms.apply(peer);
        if (room.isEmpty()) {
            return compute(Set.of(peer));
        }
        if (!room.get().featuresKnown()) {
            return Encryption.DEVICES_UNKNOWN;
        }
        if (!room.get().encryptable()) {
            return Encryption.ENCRYPTION_UNAVAILABLE;
        }
        Set<String> members = new TreeSet<>(room.get().members());
        members.remove(account); // the own other devices are counted anyway
        return compute(members);
    }

    /** Over the known devices of {@code owners}; an owner without known devices does not count (fetched at send). */
    private Encryption compute(Set<String> owners) {
        List<DeviceAddress> theirs = new ArrayList<>();
        owners.forEach(owner -> theirs.addAll(activeDevices(owner)));
        theirs.removeIf(this::isThisDevice);
        if (theirs.isEmpty()) {
            return Encryption.DEVICES_UNKNOWN; // the next send fetches them (and fails if there are none)
        }
        List<DeviceAddress> all = new ArrayList<>(theirs);
        activeDevices(account).stream().filter(d -> !isThisDevice(d) && !all.contains(d)).forEach(all::add);
        Map<String, Boolean> hasVerified = new HashMap<>();
        boolean allVerified = true;
        Set<String> usable = new HashSet<>();
        for (DeviceAddress device : all) {
            Optional<TrustLevel> level = trust.trust(device).map(TrustRecord::level);
            if (level.isEmpty()) {
                // not seen yet: blindly trusted when it comes, unless its owner has verified devices (then undecided)
                if (hasVerified.computeIfAbsent(device.bareJid(), jid -> trust.devicesOf(jid).stream()
                        .anyMatch(r -> r.level() == TrustLevel.VERIFIED))) {
                    return Encryption.E2EE_UNTRUSTED_DEVICES;
                }
                allVerified = false;
                usable.add(device.bareJid());
                continue;
            }
            switch (level.get()) {
                case UNDECIDED -> {
                    return Encryption.E2EE_UNTRUSTED_DEVICES;
                }
                case DISTRUSTED -> { }
                case VERIFIED -> usable.add(device.bareJid());
                case TRUSTED_BLIND -> {
                    allVerified = false;
                    usable.add(device.bareJid());
                }
            }
        }
        for (DeviceAddress device : theirs) {
            if (!usable.contains(device.bareJid())) {
                return Encryption.E2EE_UNTRUSTED_DEVICES; // only distrusted devices: nothing can be sent encrypted
            }
        }
        return allVerified ? Encryption.E2EE_VERIFIED : Encryption.E2EE_TRUSTED;
    }

    /** Whether an active device of the JID is known (from its device list, cached or fetched). */
    boolean hasKnownDevices(String jid) {
        return !activeDevices(jid).isEmpty();
    }

    private List<DeviceAddress> activeDevices(String jid) {
        List<DeviceAddress> devices = new ArrayList<>();
        for (OmemoVersion version : versions) {
            for (int id : directory.active(jid, version)) {
                DeviceAddress address = new DeviceAddress(jid, id);
                if (!devices.contains(address)) {
                    devices.add(address);
                }
            }
        }
        return devices;
    }

    void refresh(Collection<String> peers) {
        peers.forEach(this::refresh);
    }

    /** Recomputes the states a change of {@code jid}'s devices affects (all chats for the own account). */
    void refresh(String jid) {
        if (jid.equals(account)) {
            refreshAll();
            return;
        }
        ObservableValue<Encryption> state = states.get(jid);
        if (state != null) {
            update(jid, state);
        }
        // a member's devices change the state of the rooms (few: all of them are recomputed)
        states.forEach((chat, roomState) -> {
            if (!chat.equals(jid) && rooms.apply(chat).isPresent()) {
                update(chat, roomState);
            }
        });
    }

    void refreshAll() {
        states.forEach(this::update);
    }

    private void update(String peer, ObservableValue<Encryption> state) {
        Encryption next = compute(peer);
        synchronized (state) {
            if (state.get() != next) {
                state.set(next);
                if (events != null) {
                    events.publish(new ChatEncryptionChanged(account, peer, next));
                }
            }
        }
    }

}
