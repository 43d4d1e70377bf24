package org.sotto.app.trust;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.sotto.app.ui.Strings;
import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.SendException;
import org.sotto.core.api.event.DeviceAppeared;
import org.sotto.core.api.event.IdentityKeyChanged;
import org.sotto.core.api.event.OmemoSendBlocked;
import org.sotto.core.api.event.Subscription;
import org.sotto.core.api.trust.Device;
import org.sotto.core.api.trust.TrustDecision;
import org.sotto.core.api.trust.TrustException;

/**
 * What one open chat shows about trust: who can read what the user sends (names and device counts, for the
 * header and its tooltip), a banner when a contact with a verified device lists a new one (sends wait for the
 * user's decision), a security warning when a known device presents another identity key, and the devices a
 * blocked send waits for. The chat's view model owns it ({@link #start()}, {@link #close()}).
 */
public final class ChatTrust {
    private final SottoProfile profile;
    private final Account account;
    private final String peer;
    private final String title;
    private final UiExecutor ui;
    private final StringProperty readers = new SimpleStringProperty("");
    private final StringProperty readersDetail = new SimpleStringProperty("");
    private final StringProperty newDevice = new SimpleStringProperty("");
    private final StringProperty keyChanged = new SimpleStringProperty("");
    private final StringProperty keyChangeError = new SimpleStringProperty("");
    private final ObservableList<IdentityKeyChanged> keyChanges = FXCollections.observableArrayList();
    /** The devices a send waits for (from core's refusal), or the new undecided ones the banner names. */
    private final ObservableList<Device> waitingFor = FXCollections.observableArrayList();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final List<Runnable> decided = new ArrayList<>();
    private final Map<Integer, IdentityKeyChanged> changedKeys = new LinkedHashMap<>();
    /** Devices core announced as new whose key this chat has not seen yet: named by the banner meanwhile. */
    private final Set<TrustViewModel.DeviceKey> appeared = new LinkedHashSet<>();
    private static final int FETCH_TRIES = 5;
    private Encryption state = Encryption.DEVICES_UNKNOWN;
    private boolean closed;

    public ChatTrust(SottoProfile profile, Account account, String peer, String title, UiExecutor ui) {
        this.profile = Objects.requireNonNull(profile);
        this.account = Objects.requireNonNull(account);
        this.peer = Objects.requireNonNull(peer);
        this.title = Objects.requireNonNull(title);
        this.ui = Objects.requireNonNull(ui);
    }

    public void start() {
        subscriptions.add(profile.subscribe(DeviceAppeared.class, Optional.of(account.jid()), ui, events -> {
            boolean ours = false;
            for (DeviceAppeared e : events) {
                if (e.jid().equals(peer) || e.jid().equals(account.jid())) {
                    appeared.add(new TrustViewModel.DeviceKey(e.jid(), e.deviceId()));
                    ours = true;
                }
            }
            if (ours) {
                fetchAppeared(FETCH_TRIES);
            }
        }));
        subscriptions.add(profile.subscribe(IdentityKeyChanged.class, Optional.of(account.jid()), ui, changes -> {
            for (IdentityKeyChanged change : changes) {
                if (change.jid().equals(peer)) {
                    changedKeys.put(change.deviceId(), change);
                }
            }
            showKeyChanges();
            reload(); // the device gets nothing now: the readers are counted again
        }));
        KeyChangeWarnings.of(account.jid(), peer).forEach(change -> changedKeys.put(change.deviceId(), change));
        showKeyChanges();
        reload();
    }

    /** Core's state of the chat changed: the readers are counted again. */
    public void encryptionChanged(Encryption encryption) {
        state = encryption;
        reload();
    }

    /** A send was refused: for a decision, these are the devices it waits for. */
    public void blocked(OmemoSendBlocked blocked) {
        if (blocked.reason() == SendException.Reason.TRUST_DECISION_NEEDED && !blocked.devices().isEmpty()) {
            waitingFor.setAll(blocked.devices());
        }
    }

    /** The same, from a send's future. */
    public void blocked(SendException refused) {
        if (refused.reason() == SendException.Reason.TRUST_DECISION_NEEDED && !refused.devices().isEmpty()) {
            waitingFor.setAll(refused.devices());
        }
    }

    /** A trust dialog for {@link #waitingFor()}, which tells this chat when the user decided. */
    public TrustViewModel decision() {
        TrustViewModel model = TrustViewModel.forDevices(account, peer, title, List.copyOf(waitingFor), ui);
        model.onChange(this::changed);
        return model;
    }

    /** The contact's trust dialog (all their devices). */
    public TrustViewModel dialog() {
        TrustViewModel model = TrustViewModel.forJid(account, peer, title, ui);
        model.onChange(this::changed);
        return model;
    }

    /** Runs on the JavaFX thread once no device the chat waited for is undecided any more. */
    public void onDecided(Runnable listener) {
        decided.add(listener);
    }

    private void changed() {
        reload();
    }

    /** A new device's key comes with a fetch of its owner's devices, which may not have the new list yet: a few tries. */
    private void fetchAppeared(int tries) {
        List<String> owners = appeared.stream().map(TrustViewModel.DeviceKey::jid).distinct().toList();
        CompletableFuture.allOf(owners.stream().map(owner -> account.trust().refresh(owner))
                .toArray(CompletableFuture[]::new)).whenComplete((done, failure) -> ui.execute(() -> {
                    reload();
                    if (tries > 1 && !closed) {
                        CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS, Background.EXECUTOR).execute(() ->
                                ui.execute(() -> {
                                    if (!appeared.isEmpty()) {
                                        fetchAppeared(tries - 1);
                                    }
                                }));
                    }
                }));
    }

    private void reload() {
        if (closed) {
            return;
        }
        CompletableFuture.supplyAsync(() -> new Seen(account.trust().knownDevices(peer),
                account.trust().knownDevices(account.jid())), Background.EXECUTOR).whenComplete((seen, failure) -> ui.execute(() -> {
                    if (seen != null && !closed) {
                        show(seen);
                    }
                }));
    }

    private record Seen(List<Device> contact, List<Device> own) {
    }

    private void show(Seen seen) {
        // the devices a message goes to: active, key known, not distrusted and not waiting for a decision
        // (a device whose key changed gets nothing: core refused the new key)
        List<Device> contact = seen.contact().stream().filter(d -> reads(d) && !changedKeys.containsKey(d.deviceId()))
                .toList();
        List<Device> own = seen.own().stream().filter(d -> !d.thisDevice() && reads(d)).toList();
        boolean encrypted = state == Encryption.E2EE_VERIFIED || state == Encryption.E2EE_TRUSTED
                || state == Encryption.E2EE_DISTRUSTED || state == Encryption.E2EE_UNTRUSTED_DEVICES;
        if (!encrypted || contact.isEmpty()) {
            readers.set("");
            readersDetail.set("");
        } else {
            String devices = contact.size() == 1 ? Strings.get("trust.count.one")
                    : Strings.get("trust.count.many", String.valueOf(contact.size()));
            String who = own.isEmpty() ? Strings.get("trust.readers", title, devices)
                    : Strings.get("trust.readers.own", title, devices, own.size() == 1 ? Strings.get("trust.count.own.one")
                    : Strings.get("trust.count.own.many", String.valueOf(own.size())));
            boolean allVerified = contact.stream().allMatch(ChatTrust::verified) && own.stream().allMatch(ChatTrust::verified);
            readers.set(Strings.get("trust.readers.state", who, allVerified ? Strings.get("trust.readers.verified")
                    : Strings.get("trust.readers.unverified")));
            List<String> lines = new ArrayList<>();
            contact.forEach(d -> lines.add(Strings.get("trust.readers.line", title, TrustDialog.name(d),
                    TrustDialog.state(d))));
            own.forEach(d -> lines.add(Strings.get("trust.readers.line", Strings.get("trust.readers.you"),
                    TrustDialog.name(d), TrustDialog.state(d))));
            readersDetail.set(String.join("\n", lines));
        }
        // new devices wait for a decision only once the contact has a verified one (or on the own account)
        List<Device> undecided = new ArrayList<>();
        seen.contact().stream().filter(ChatTrust::undecided).forEach(undecided::add);
        seen.own().stream().filter(ChatTrust::undecided).forEach(undecided::add);
        appeared.removeIf(key -> (key.jid().equals(peer) ? seen.contact() : seen.own()).stream()
                .anyMatch(d -> d.deviceId() == key.deviceId() && d.trust().isPresent()));
        for (TrustViewModel.DeviceKey key : appeared) {
            // until its key is fetched: new, and waiting for a decision if its owner has a verified device
            if ((key.jid().equals(peer) ? seen.contact() : seen.own()).stream().anyMatch(ChatTrust::verified)) {
                undecided.add(Device.unknown(key.jid(), key.deviceId()));
            }
        }
        boolean hadWaiting = !waitingFor.isEmpty();
        if (undecided.isEmpty()) {
            newDevice.set("");
            waitingFor.clear();
            if (hadWaiting) {
                decided.forEach(Runnable::run);
            }
        } else {
            waitingFor.setAll(undecided);
            boolean contactsOnly = undecided.stream().allMatch(d -> d.jid().equals(peer));
            boolean ownOnly = undecided.stream().noneMatch(d -> d.jid().equals(peer));
            boolean one = undecided.size() == 1;
            newDevice.set(contactsOnly ? one ? Strings.get("trust.banner.newDevice.one", title)
                    : Strings.get("trust.banner.newDevice.many", title)
                    : ownOnly ? one ? Strings.get("trust.banner.newOwnDevice.one")
                    : Strings.get("trust.banner.newOwnDevice.many")
                    : Strings.get("trust.banner.newDevices", title));
        }
        // a changed key is refused by core; the warning stays until the device's record is decided again
        changedKeys.keySet().removeIf(id -> {
            boolean resolved = seen.contact().stream().anyMatch(d -> d.deviceId() == id && d.fingerprint().isPresent()
                    && d.fingerprint().get().equals(changedKeys.get(id).presentedFingerprint()));
            if (resolved) {
                KeyChangeWarnings.resolved(account.jid(), peer, id);
            }
            return resolved;
        });
        showKeyChanges();
    }

    /**
     * The user confirmed, after the security warning, that device {@code deviceId}'s new key is right: core checks
     * it against the key the device publishes and takes it, undecided; the warning goes and the device waits for a
     * decision like a new one. A refusal is said in {@link #keyChangeErrorProperty()} and changes nothing.
     */
    public void acceptChangedKey(int deviceId) {
        IdentityKeyChanged change = changedKeys.get(deviceId);
        if (change == null) {
            return;
        }
        keyChangeError.set("");
        CompletableFuture<Device> accepted;
        try {
            accepted = account.trust().acceptChangedIdentity(peer, deviceId, change.presentedFingerprint());
        } catch (RuntimeException e) {
            accepted = CompletableFuture.failedFuture(e);
        }
        accepted.whenComplete((device, failure) -> ui.execute(() -> {
            if (failure != null) {
                keyChangeError.set(refusal(failure));
                return;
            }
            changedKeys.remove(deviceId);
            KeyChangeWarnings.resolved(account.jid(), peer, deviceId);
            showKeyChanges();
            reload();
        }));
    }

    private String refusal(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TrustException refused) {
            switch (refused.reason()) {
                case FINGERPRINT_MISMATCH -> {
                    return Strings.get("trust.keyChange.refused.mismatch", title);
                }
                case UNKNOWN_DEVICE -> {
                    return Strings.get("trust.keyChange.refused.unknown");
                }
                default -> {
                }
            }
        }
        return TrustViewModel.describe(failure);
    }

    private void showKeyChanges() {
        keyChanges.setAll(changedKeys.values());
        List<String> lines = new ArrayList<>();
        for (IdentityKeyChanged change : changedKeys.values()) {
            lines.add(Strings.get("trust.banner.keyChanged", title, String.valueOf(change.deviceId()),
                    change.knownFingerprint(),
                    change.presentedFingerprint()));
        }
        keyChanged.set(String.join("\n", lines));
    }

    private static boolean reads(Device device) {
        return device.active() && device.fingerprint().isPresent() && device.trust().isPresent()
                && device.trust().get() != TrustDecision.DISTRUSTED && device.trust().get() != TrustDecision.UNDECIDED;
    }

    private static boolean verified(Device device) {
        return device.trust().orElse(null) == TrustDecision.VERIFIED;
    }

    private static boolean undecided(Device device) {
        return device.active() && !device.thisDevice() && device.trust().orElse(null) == TrustDecision.UNDECIDED;
    }

    public void close() {
        closed = true;
        subscriptions.forEach(Subscription::close);
        subscriptions.clear();
    }

    /** "Encrypted for bob (2 devices) and your 1 other device; verified"; empty when the chat is not encrypted. */
    public ReadOnlyStringProperty readersProperty() {
        return readers;
    }

    /** One line per device that can read what the user sends, with its state (the header's tooltip). */
    public ReadOnlyStringProperty readersDetailProperty() {
        return readersDetail;
    }

    /** "bob has a new device — verify it before it can read your messages"; empty when none waits. */
    public ReadOnlyStringProperty newDeviceProperty() {
        return newDevice;
    }

    /** The security warning about a changed identity key (devices and both fingerprints); empty when none. */
    public ReadOnlyStringProperty keyChangedProperty() {
        return keyChanged;
    }

    /** Why accepting a changed key was refused; empty otherwise. */
    public ReadOnlyStringProperty keyChangeErrorProperty() {
        return keyChangeError;
    }

    /** The changed keys the warning is about, one per device. */
    public ObservableList<IdentityKeyChanged> keyChanges() {
        return keyChanges;
    }

    public ObservableList<Device> waitingFor() {
        return waitingFor;
    }

    public String peer() {
        return peer;
    }

    public String title() {
        return title;
    }
}
