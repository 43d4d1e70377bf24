package org.sotto.core.internal.omemo;

import static org.sotto.core.internal.omemo.OmemoAccount.jid;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smackx.eme.element.ExplicitMessageEncryptionElement;
import org.jivesoftware.smackx.hints.element.StoreHint;

import org.jxmpp.jid.BareJid;
import org.jxmpp.stringprep.XmppStringprepException;

import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.event.DeviceAppeared;
import org.sotto.core.api.event.ObservableValue;
import org.sotto.core.internal.chat.OutboxPreparer;
import org.sotto.core.internal.chat.pipeline.InboundMessage;
import org.sotto.core.internal.chat.pipeline.InboundStage;
import org.sotto.core.internal.chat.pipeline.OutboundStage;
import org.sotto.core.internal.event.EventBus;
import org.sotto.core.internal.omemo.element.BundleElement;
import org.sotto.core.internal.omemo.element.OmemoNamespaces;
import org.sotto.core.internal.omemo.provider.OmemoProviders;
import org.sotto.core.internal.persistence.EncryptionChoices;
import org.sotto.core.internal.persistence.OmemoDeviceLists;
import org.sotto.core.internal.persistence.memory.InMemoryOmemoDeviceLists;
import org.sotto.crypto.Bundle;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.DeviceLabels;
import org.sotto.crypto.Fingerprint;
import org.sotto.crypto.IdentityChangedException;
import org.sotto.crypto.OmemoException;
import org.sotto.crypto.OmemoUri;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.TrustLevel;
import org.sotto.crypto.TrustManager;
import org.sotto.crypto.TrustRecord;
import org.sotto.crypto.spi.OmemoStore;

/**
 * OMEMO for one account session, the façade the session and the API use: wires the parts for the account and
 * keeps the user's per-chat plaintext choices and the trust decisions. The parts (package-private):
 * {@link OmemoAccount} (what they share: identity, protocols per version, trust, device list cache),
 * {@link OwnDevicePublisher} (this device's device lists and bundles, prekey maintenance, stale own devices),
 * {@link OmemoEncryptor} (the "encrypt" stage: recipients, sessions from bundles, the outbox step),
 * {@link OmemoDecryptor} (the "decrypt" stage with key transport and session repair), {@link DeviceDirectory},
 * {@link ChatEncryptionStates}. Runs on the account's worker thread (the stages) and blocks there on PEP requests.
 *
 * <p>Version per recipient device: OMEMO 2 when the device is in the owner's OMEMO 2 device list (and this device
 * speaks OMEMO 2), else OMEMO 0.3 when it is in the legacy list. A message gets one {@code <encrypted/>} per version
 * used.
 */
public final class OmemoService {
    static final String FALLBACK_BODY = "This message is encrypted with OMEMO, which your client does not seem to support.";
    /** Marks a stanza queued while offline that must be encrypted before it leaves (see {@link OmemoEncryptor}). */
    static final String ENCRYPT_LATER_NAMESPACE = OmemoEncryptor.ENCRYPT_LATER_NAMESPACE;

    private final String account;
    private final Set<OmemoVersion> versions;
    private final TrustManager trust;
    private final Supplier<Optional<? extends XMPPConnection>> connection;
    private final Executor worker;
    private final Set<String> plaintextChats = ConcurrentHashMap.newKeySet();
    private final EncryptionChoices choices;
    private final OmemoAccount ctx;
    private final DeviceDirectory directory;
    private final ChatEncryptionStates chatStates;
    private final OwnDevicePublisher publisher;
    private final OmemoEncryptor encryptor;
    private final OmemoDecryptor decryptor;
    private final AutomaticTrust automaticTrust;
    private volatile Runnable retryQueued = () -> { };

    /**
     * @param versions   the OMEMO versions this device publishes and uses (normally both)
     * @param connection the logged-in connection, if any
     * @param worker     the account's worker, for work triggered by Smack's threads (device list pushes)
     */
    public OmemoService(String account, OmemoStore store, Set<OmemoVersion> versions,
                        Supplier<Optional<? extends XMPPConnection>> connection, Executor worker) {
        this(account, store, versions, connection, worker, null);
    }

    /** @param choices where the per-chat plaintext choices are kept (null: in memory only) */
    public OmemoService(String account, OmemoStore store, Set<OmemoVersion> versions,
                        Supplier<Optional<? extends XMPPConnection>> connection, Executor worker,
                        EncryptionChoices choices) {
        this(account, store, versions, connection, worker, choices,
                new InMemoryOmemoDeviceLists(), OmemoOptions.defaults(), null);
    }

    /**
     * @param deviceLists where the device lists seen are cached
     * @param events      where chat encryption states and blocked sends are published (null: nowhere)
     */
    public OmemoService(String account, OmemoStore store, Set<OmemoVersion> versions,
                        Supplier<Optional<? extends XMPPConnection>> connection, Executor worker,
                        EncryptionChoices choices,
                        OmemoDeviceLists deviceLists, OmemoOptions options,
                        EventBus events) {
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("OMEMO needs at least one version");
        }
        this.account = account;
        this.versions = EnumSet.copyOf(versions);
        this.connection = connection;
        this.worker = worker;
        this.choices = choices;
        this.directory = new DeviceDirectory(account, deviceLists, options.clock(), options.deviceListMaxAge(),
                this::devicesAppeared);
        if (choices != null) {
            plaintextChats.addAll(choices.plaintextChats(account));
        }
        OmemoProviders.register();
        this.ctx = new OmemoAccount(account, store, this.versions, connection, worker, directory, options, events);
        this.trust = ctx.trust;
        this.chatStates = new ChatEncryptionStates(account, this.versions, directory, trust, this::isPlaintext,
                this::ownDeviceId, events);
        this.publisher = new OwnDevicePublisher(ctx, chatStates);
        this.encryptor = new OmemoEncryptor(ctx, chatStates, this::isPlaintext, this::knownDevices, events);
        this.automaticTrust = new AutomaticTrust(ctx, encryptor, this::automaticDecisionMade);
        this.decryptor = new OmemoDecryptor(ctx, publisher, automaticTrust);
    }

    /** After XEP-0450 changed a record: as after the user's decision (chat states, queued messages). */
    private void automaticDecisionMade() {
        encryptor.decisionMade();
        chatStates.refreshAll();
        retryQueued.run();
    }

    private void devicesAppeared(String jid, Set<Integer> ids) {
        ids.stream().filter(id -> !jid.equals(account) || id != ownDeviceId())
                .forEach(id -> ctx.publish(new DeviceAppeared(account, jid, id)));
    }

    public int ownDeviceId() {
        return ctx.ownDeviceId();
    }

    public Set<OmemoVersion> versions() {
        return Set.copyOf(versions);
    }

    public TrustManager trust() {
        return trust;
    }

    /** This device's identity fingerprint (the same for both versions: the Curve25519 form of the identity key). */
    public Fingerprint ownFingerprint() throws OmemoException {
        return ctx.ownFingerprint();
    }

    /**
     * The devices {@code owner} publishes now, each with its identity and trust: fetches the device lists, and the
     * bundles of devices without a session (which records a device's identity when first seen). This device is
     * left out. Runs on the account's worker, where the sessions are used.
     */
    public CompletableFuture<List<TrustRecord>> devices(String owner) {
        return devices(owner, false);
    }

    /**
     * As {@link #devices(String)}; with {@code now}, the device lists are fetched even when a cached one would
     * still do (the user asked; lists the server pushes to us are current anyway).
     */
    public CompletableFuture<List<TrustRecord>> devices(String owner, boolean now) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                if (now) {
                    directory.refetch(owner);
                }
                XMPPConnection xmpp = connection.get().orElseThrow(() -> new OmemoSendException(
                        OmemoSendException.Reason.NOT_CONNECTED, "not connected: OMEMO devices cannot be fetched now"));
                OmemoPepManager pep = OmemoPepManager.getInstanceFor(xmpp);
                List<TrustRecord> records = new ArrayList<>();
                for (Map.Entry<DeviceAddress, OmemoVersion> device : encryptor.devicesOf(pep, owner).entrySet()) {
                    if (!ctx.isOwnDevice(device.getKey()) && encryptor.knowIdentity(pep, device.getKey(), device.getValue())) {
                        trust.trust(device.getKey()).ifPresent(records::add);
                    }
                }
                chatStates.refresh(owner);
                automaticTrust.applyPending(); // keys a trust message named may be known now
                return records;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, worker);
    }

    /** The user's explicit choice to send plaintext in a chat (false = OMEMO, the default). */
    public void setPlaintext(String peer, boolean plaintext) {
        if (choices != null) {
            choices.setPlaintext(account, peer, plaintext); // kept first, so a failure changes nothing
        }
        if (plaintext) {
            plaintextChats.add(peer);
        } else {
            plaintextChats.remove(peer);
        }
        chatStates.refresh(peer);
    }

    public boolean isPlaintext(String peer) {
        return plaintextChats.contains(peer);
    }

    // ---------------------------------------------------------------- own device (OwnDevicePublisher)

    /** To call when a connection is created, before login: follows device list pushes (also advertises +notify). */
    public void install(XMPPConnection connection) {
        publisher.install(connection);
    }

    /** After a (non-resumed) login: this device in the device lists (keeping the others) and its bundles. */
    public void publishOwnDevice(XMPPConnection connection)
            throws OmemoPepException, InterruptedException, OmemoException, XmppStringprepException {
        publisher.publishOwnDevice(connection);
    }

    /**
     * Refills one-time prekeys and rotates the signed prekey when due (crypto's {@code PreKeyMaintenance}: weekly,
     * the old one kept 30 days), and republishes the bundle of each version that changed. Account worker; also runs
     * at every login ({@link #publishOwnDevice}) and on the schedule {@link #scheduleMaintenance} sets up.
     *
     * @return the versions whose bundle changed
     */
    public Set<OmemoVersion> maintainBundles() throws OmemoException, InterruptedException {
        return publisher.maintainBundles();
    }

    /** Runs {@link #maintainBundles} on the account worker every {@link OmemoOptions#maintenanceInterval()}. */
    public ScheduledFuture<?> scheduleMaintenance(ScheduledExecutorService timer) {
        return publisher.scheduleMaintenance(timer);
    }

    /** How many device lists this service fetched from the server (the cache's effect; tests and benchmarks). */
    public int deviceListFetches() {
        return directory.fetchCount();
    }

    // ---------------------------------------------------------------- sending (OmemoEncryptor)

    /** The outbound stage named "encrypt". */
    public OutboundStage encryptStage() {
        return encryptor::encrypt;
    }

    /**
     * The outbox's last step for OMEMO: a stanza queued while offline is encrypted now, for the devices known now.
     * Undecided devices keep it (and the later ones of that chat) queued until the user decides; a chat that cannot
     * be encrypted at all fails it. Never sends its plaintext.
     */
    public OutboxPreparer outboxPreparer() {
        return encryptor.outboxPreparer();
    }

    /** Called after the user decided about blocked devices: the outbox is sent again (set by the account session). */
    public void onRetry(Runnable retry) {
        this.retryQueued = retry;
    }

    /**
     * What {@link #encryptFor} made: the {@code <encrypted/>} element per version used, the devices that got a key
     * (with their version), and the state for the stored message.
     */
    public record Encrypted(List<ExtensionElement> elements, Map<DeviceAddress, OmemoVersion> recipients,
                            Encryption encryption, boolean usesOmemo2) {
        public Encrypted {
            elements = List.copyOf(elements);
            recipients = Map.copyOf(recipients);
        }
    }

    /**
     * Encrypts one message for every usable device of each of {@code jids} and of the own account (minus this
     * device): device lists from the cache (fetched when not fresh), sessions built from fetched bundles where
     * missing, then {@link TrustManager#planSend}. Reusable for several recipients (group chats: the members).
     * Account worker only.
     *
     * @param body              the text (OMEMO 0.3 encrypts only this; null: OMEMO 0.3 devices get no key)
     * @param protectedElements further elements for the OMEMO 2 envelope
     * @param sceTo             the envelope's {@code to} (the contact, or the room)
     * @throws OmemoSendException NO_DEVICES (a JID publishes none), UNDECIDED_DEVICES (the user must decide about
     *                            {@code devices()}), NO_USABLE_DEVICES (a JID has none that can get a key),
     *                            NOT_CONNECTED, FAILED
     */
    public Encrypted encryptFor(Collection<String> jids, String body, List<? extends ExtensionElement> protectedElements,
                                BareJid sceTo) throws OmemoSendException, InterruptedException {
        return encryptor.encryptFor(jids, body, protectedElements, sceTo);
    }

    /** Puts an {@link Encrypted} result into a stanza: its elements, the fallback body instead of the text, hints. */
    public static void applyTo(MessageBuilder builder, Encrypted encrypted) {
        encrypted.elements().forEach(builder::addExtension);
        builder.removeExtension(Message.Body.ELEMENT, Message.Body.NAMESPACE); // the plaintext never leaves
        builder.setBody(FALLBACK_BODY);
        builder.addExtension(StoreHint.INSTANCE);
        String emeNamespace = encrypted.usesOmemo2() ? OmemoNamespaces.V2 : OmemoNamespaces.LEGACY;
        builder.addExtension(new ExplicitMessageEncryptionElement(emeNamespace, "OMEMO"));
    }

    /** The part that encrypts: {@code RoomEncryption} uses it for room messages. */
    OmemoEncryptor encryptor() {
        return encryptor;
    }

    // ---------------------------------------------------------------- devices, trust and chat states

    /** One device as the user sees it: where it is listed, whether it still is, its key and the trust in it. */
    public record OmemoDevice(DeviceAddress address, Set<OmemoVersion> versions, boolean active, boolean thisDevice,
                              Optional<Fingerprint> fingerprint, Optional<TrustLevel> trust, Optional<String> label,
                              Optional<Instant> lastSeen) {
    }

    /**
     * What is known about {@code jid}'s devices without asking the server: the cached lists (inactive devices are
     * the ones that left the list; they keep their trust and sessions) with the recorded keys and trust.
     */
    public List<OmemoDevice> knownDevices(String jid) {
        Map<Integer, Set<OmemoVersion>> listed = new TreeMap<>();
        Set<Integer> active = new HashSet<>();
        Map<Integer, Instant> lastSeen = new HashMap<>();
        Map<Integer, OmemoDeviceLists.CachedDevice> labelled = new HashMap<>();
        for (OmemoVersion version : versions) {
            for (OmemoDeviceLists.CachedDevice d : directory.all(jid, version)) {
                listed.computeIfAbsent(d.deviceId(), id -> EnumSet.noneOf(OmemoVersion.class)).add(version);
                if (d.active()) {
                    active.add(d.deviceId());
                }
                lastSeen.merge(d.deviceId(), d.lastSeen(), (a, b) -> a.isAfter(b) ? a : b);
                if (d.label().isPresent()) {
                    labelled.put(d.deviceId(), d);
                }
            }
        }
        if (jid.equals(account)) {
            listed.computeIfAbsent(ownDeviceId(), id -> EnumSet.noneOf(OmemoVersion.class)).addAll(versions);
            active.add(ownDeviceId());
        }
        List<OmemoDevice> devices = new ArrayList<>();
        listed.forEach((id, in) -> {
            DeviceAddress address = new DeviceAddress(jid, id);
            boolean self = ctx.isOwnDevice(address);
            Optional<TrustRecord> record = trust.trust(address);
            Optional<Fingerprint> fingerprint = self ? ownFingerprintOrEmpty() : record.map(TrustRecord::identity);
            devices.add(new OmemoDevice(address, Set.copyOf(in), active.contains(id), self, fingerprint,
                    self ? Optional.empty() : record.map(TrustRecord::level),
                    fingerprint.flatMap(key -> signedLabel(labelled.get(id), key)),
                    self ? Optional.empty() : Optional.ofNullable(lastSeen.get(id))));
        });
        return devices;
    }

    /** The device's label when its signature verifies with the device's identity key. */
    private static Optional<String> signedLabel(OmemoDeviceLists.CachedDevice device, Fingerprint key) {
        if (device == null || device.label().isEmpty() || device.labelSignature().isEmpty()) {
            return Optional.empty();
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(device.labelSignature().get());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return DeviceLabels.verify(key, device.label().get(), signature) ? device.label() : Optional.empty();
    }

    private Optional<Fingerprint> ownFingerprintOrEmpty() {
        try {
            return Optional.of(ownFingerprint());
        } catch (OmemoException e) {
            return Optional.empty();
        }
    }

    /**
     * The own account's devices with fingerprints and trust, this device included: the own lists (fetched when not
     * followed) and the identity of every listed device (its bundle is fetched, and a session built, when unknown).
     */
    public CompletableFuture<List<OmemoDevice>> ownDevices() {
        return publisher.refetchOwnLists()
                .thenCompose(ignored -> devices(account)).thenApply(ignored -> knownDevices(account));
    }

    /**
     * Removes a stale device of the own account: from both device lists (0.3 and OMEMO 2) and its bundles (the
     * 0.3 bundle node, the OMEMO 2 bundle item). Its trust record and sessions stay. Not this device.
     */
    public CompletableFuture<Void> removeOwnDevice(int deviceId) {
        return publisher.removeOwnDevice(deviceId);
    }

    /** Whether new devices of {@code jid} are trusted blindly ({@link TrustManager#blindTrust}). */
    public boolean blindTrust(String jid) {
        return trust.blindTrust(jid);
    }

    /** The user's choice for {@code jid}'s new devices, or (null jid) for contacts without one. */
    public CompletableFuture<Void> setBlindTrust(String jid, boolean blind) {
        return CompletableFuture.runAsync(() -> {
            if (jid == null) {
                trust.setDefaultBlindTrust(blind);
            } else {
                trust.setBlindTrust(jid, blind);
            }
        }, worker);
    }

    public boolean defaultBlindTrust() {
        return trust.defaultBlindTrust();
    }

    /** Whether this account takes part in XEP-0450 automatic trust management (off unless turned on). */
    public boolean automaticTrust() {
        return trust.automaticTrust();
    }

    /** Turns XEP-0450 automatic trust management on or off for this account. */
    public CompletableFuture<Void> setAutomaticTrust(boolean automatic) {
        return CompletableFuture.runAsync(() -> trust.setAutomaticTrust(automatic), worker);
    }

    /** How many received trust message entries wait for their sender's verification or their key (tests). */
    int pendingTrustEntries() {
        return automaticTrust.pendingCount();
    }

    /** The XEP-0450 part (tests hand it trust messages no Sotto would send). */
    AutomaticTrust automaticTrustPart() {
        return automaticTrust;
    }

    /**
     * The user's trust decision about a device (e.g. one a send was blocked on), for the key it has on record:
     * updates the chat states and sends the queued messages that waited for it.
     */
    public CompletableFuture<TrustRecord> decide(DeviceAddress device, TrustLevel level) {
        return CompletableFuture.supplyAsync(() -> {
            TrustRecord known = trust.trust(device).orElseThrow(() -> new IllegalArgumentException(
                    "no key on record for " + device + ": fetch its devices first"));
            try {
                trust.decide(device, known.identity(), level);
            } catch (IdentityChangedException e) {
                throw new CompletionException(e);
            }
            encryptor.decisionMade();
            chatStates.refreshAll();
            retryQueued.run();
            if (known.level() != level) {
                automaticTrust.decided(device, level);
            }
            return trust.trust(device).orElseThrow();
        }, worker);
    }

    /**
     * Verifies the devices a scanned {@code xmpp:JID?omemo-sid-ID=FINGERPRINT;…} URI names, against their keys as
     * published now (fetched first, so a wrong fingerprint is caught instead of recorded): they become VERIFIED, chat
     * states follow and messages queued for a decision about them go out, as with {@link #decide}. Completes with
     * their trust records, or exceptionally with {@link org.sotto.crypto.IdentityChangedException} when a device
     * presents another key (nothing changed then).
     */
    public CompletableFuture<List<TrustRecord>> verify(OmemoUri uri) {
        return devices(uri.bareJid()).thenApplyAsync(published -> {
            List<DeviceAddress> newlyVerified = uri.devices().stream()
                    .map(device -> new DeviceAddress(uri.bareJid(), device.deviceId()))
                    .filter(device -> !ctx.isOwnDevice(device) && trust.trust(device).map(TrustRecord::level)
                            .orElse(null) != TrustLevel.VERIFIED).toList();
            try {
                trust.verify(uri);
            } catch (IdentityChangedException e) {
                throw new CompletionException(e);
            }
            encryptor.decisionMade();
            chatStates.refreshAll();
            retryQueued.run();
            newlyVerified.forEach(device -> automaticTrust.decided(device, TrustLevel.VERIFIED));
            return uri.devices().stream()
                    .map(device -> trust.trust(new DeviceAddress(uri.bareJid(), device.deviceId())))
                    .flatMap(Optional::stream).toList();
        }, worker);
    }

    /**
     * The user's deliberate acceptance of a known device's new identity key ({@code presented}, as an
     * {@link org.sotto.core.api.event.IdentityKeyChanged} reported it): checked against the key the device publishes
     * now, then it becomes the device's key, UNDECIDED (never verified or trusted on its own), and the sessions built
     * with the old key are dropped, so the next message builds one with the new key. Completes with the new record;
     * exceptionally with {@link IdentityChangedException} (known: the published key) when the device publishes
     * another key than {@code presented}, {@link IllegalArgumentException} for a device without a record or a
     * bundle, {@link OmemoSendException} NOT_CONNECTED offline. A record that has {@code presented} already is
     * left as it is.
     */
    public CompletableFuture<TrustRecord> acceptChangedIdentity(DeviceAddress device, Fingerprint presented) {
        return CompletableFuture.supplyAsync(() -> {
            TrustRecord known = trust.trust(device).orElseThrow(() -> new IllegalArgumentException(
                    "no key on record for " + device));
            if (known.identity().equals(presented)) {
                return known;
            }
            try {
                XMPPConnection xmpp = connection.get().orElseThrow(() -> new OmemoSendException(
                        OmemoSendException.Reason.NOT_CONNECTED, "not connected: the device's key cannot be checked"));
                Fingerprint published = publishedIdentity(OmemoPepManager.getInstanceFor(xmpp), device)
                        .orElseThrow(() -> new IllegalArgumentException("no bundle published for " + device));
                if (!published.equals(presented)) {
                    throw new IdentityChangedException(device, published, presented);
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw e instanceof CompletionException c ? c : new CompletionException(e);
            }
            trust.replaceIdentity(device, presented);
            for (OmemoVersion version : OmemoVersion.values()) {
                ctx.store.deleteSession(device, version);
            }
            ctx.keyChangePending.remove(device);
            encryptor.decisionMade();
            chatStates.refreshAll();
            return trust.trust(device).orElseThrow();
        }, worker);
    }

    /** The identity key in the device's bundle, of the version it is listed for (else any version this device speaks). */
    private Optional<Fingerprint> publishedIdentity(OmemoPepManager pep, DeviceAddress device) throws Exception {
        List<OmemoVersion> order = new ArrayList<>();
        OmemoVersion listed = encryptor.devicesOf(pep, device.bareJid()).get(device);
        if (listed != null) {
            order.add(listed);
        }
        versions.stream().filter(v -> !order.contains(v)).forEach(order::add);
        for (OmemoVersion version : order) {
            Optional<BundleElement> bundle = pep.fetchBundle(jid(device.bareJid()), device.deviceId(),
                    version == OmemoVersion.V0_3);
            if (bundle.isPresent()) {
                return Optional.of(toBundle(bundle.get()).identityFingerprint());
            }
        }
        return Optional.empty();
    }

    /** Those of {@code jids} with no known active OMEMO device (their device list is empty or not fetched yet). */
    public Set<String> withoutKnownDevices(Set<String> jids) {
        Set<String> without = new TreeSet<>();
        jids.stream().filter(jid -> !chatStates.hasKnownDevices(jid)).forEach(without::add);
        return without;
    }

    /**
     * The chat's current encryption state, what the next message would be: PLAINTEXT when the user chose plaintext
     * or no device of the contact is known; E2EE_UNTRUSTED_DEVICES when an undecided device (the contact's, or an own
     * one) would block; E2EE_VERIFIED when every device that would get the message is verified; else E2EE_TRUSTED.
     * Changes (on the event thread) when devices, trust or the choice change; each change is also a
     * {@link org.sotto.core.api.event.ChatEncryptionChanged} event.
     */
    public ObservableValue<Encryption> encryptionState(String peer) {
        return chatStates.encryptionState(peer);
    }

    /** Lets the chat states know the rooms (their members and whether they can be encrypted); set by the session. */
    void useRooms(Function<String, Optional<ChatEncryptionStates.RoomView>> rooms) {
        chatStates.useRooms(rooms);
    }

    /** Recomputes a chat's encryption state on the worker (e.g. a room's members or features changed). */
    void refreshEncryptionState(String chat) {
        try {
            worker.execute(() -> chatStates.refresh(chat));
        } catch (RejectedExecutionException e) {
            // the session is closing: no state to keep up to date
        }
    }

    /** What a message to the chat would be now (the provisional state of one queued offline). Worker thread. */
    Encryption expectedEncryption(String chat) {
        return chatStates.compute(chat);
    }

    // ---------------------------------------------------------------- receiving (OmemoDecryptor)

    /** The inbound stage named "decrypt". */
    public InboundStage decryptStage() {
        return decryptor::decrypt;
    }

    /** Who sent a room message: the sender's real bare JID as the room told it (empty: the room did not say). */
    public record RoomSender(Optional<String> realJid) {
    }

    /**
     * Decrypts a group chat message (a room's stage, see {@code RoomEncryption}): like a 1:1 message, but the
     * sending device belongs to {@code sender}'s real JID, and an OMEMO 2 envelope must name the room as {@code to}.
     */
    public boolean decryptRoomMessage(InboundMessage m, RoomSender sender) throws Exception {
        return decryptor.decryptRoomMessage(m, sender);
    }

    // ---------------------------------------------------------------- conversions

    /** crypto's bundle as the wire element of its version. */
    public static BundleElement toElement(Bundle bundle) {
        return new BundleElement(bundle.version() == OmemoVersion.V0_3,
                new BundleElement.PreKey(bundle.signedPreKeyId(), bundle.signedPreKey()), bundle.signedPreKeySignature(),
                bundle.identityKey(), bundle.preKeys().stream()
                .map(k -> new BundleElement.PreKey(k.id(), k.publicKey())).toList());
    }

    /** A wire bundle as crypto's value. */
    public static Bundle toBundle(BundleElement element) {
        return new Bundle(element.isLegacy() ? OmemoVersion.V0_3 : OmemoVersion.V2, element.signedPreKey().id(),
                element.signedPreKey().publicKey(), element.signedPreKeySignature(), element.identityKey(),
                element.preKeys().stream().map(k -> new Bundle.PreKey(k.id(), k.publicKey())).toList());
    }
}
