package org.sotto.core.omemo;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smackx.eme.element.ExplicitMessageEncryptionElement;
import org.jivesoftware.smackx.hints.element.StoreHint;

import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.SendException;
import org.sotto.core.api.chat.SendFailure;
import org.sotto.core.api.chat.UndecryptableReason;
import org.sotto.core.api.event.ObservableValue;
import org.sotto.core.api.event.OmemoSendBlocked;
import org.sotto.core.api.trust.Device;
import org.sotto.core.chat.OutboxPreparer;
import org.sotto.core.chat.pipeline.InboundMessage;
import org.sotto.core.chat.pipeline.InboundStage;
import org.sotto.core.chat.pipeline.OutboundMessage;
import org.sotto.core.chat.pipeline.OutboundStage;
import org.sotto.core.event.EventBus;
import org.sotto.core.omemo.element.BundleElement;
import org.sotto.core.omemo.element.EncryptedElement;
import org.sotto.core.omemo.element.MalformedEncryptedElement;
import org.sotto.core.omemo.element.OmemoNamespaces;
import org.sotto.core.omemo.element.RecipientKey;
import org.sotto.core.omemo.element.SceEnvelope;
import org.sotto.core.omemo.element.SceVerificationException;
import org.sotto.core.omemo.provider.OmemoProviders;
import org.sotto.core.omemo.provider.SceEnvelopeProvider;
import org.sotto.core.persistence.EncryptionChoices;
import org.sotto.core.persistence.OmemoDeviceLists;
import org.sotto.core.persistence.OutboxEntry;
import org.sotto.core.persistence.Persistence;
import org.sotto.core.persistence.UnitOfWork;
import org.sotto.core.persistence.memory.InMemoryOmemoDeviceLists;
import org.sotto.core.xmpp.FallbackElement;
import org.sotto.core.xmpp.MessageBodies;
import org.sotto.core.xmpp.ReactionsElement;
import org.sotto.core.xmpp.ReplyElement;
import org.sotto.crypto.Bundle;
import org.sotto.crypto.DecryptedKey;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.DuplicateMessageException;
import org.sotto.crypto.EncryptedKey;
import org.sotto.crypto.EncryptedPayload;
import org.sotto.crypto.Fingerprint;
import org.sotto.crypto.IdentityChangedException;
import org.sotto.crypto.NoSessionException;
import org.sotto.crypto.OmemoException;
import org.sotto.crypto.OmemoProtocol;
import org.sotto.crypto.OmemoUri;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.PayloadEncryption;
import org.sotto.crypto.PreKeyMaintenance;
import org.sotto.crypto.SendPlan;
import org.sotto.crypto.TrustLevel;
import org.sotto.crypto.TrustManager;
import org.sotto.crypto.TrustRecord;
import org.sotto.crypto.spi.OmemoStore;

/**
 * OMEMO for one account session: this device's identity from the {@link OmemoStore}, publishing it (device lists
 * and bundles of the versions it speaks) after each login, and the pipeline stages that encrypt 1:1 messages and
 * decrypt what arrives. Runs on the account's worker thread (the stages) and blocks there on PEP requests.
 *
 * <p>Version per recipient device: OMEMO 2 when the device is in the owner's OMEMO 2 device list (and this device
 * speaks OMEMO 2), else OMEMO 0.3 when it is in the legacy list. A message gets one {@code <encrypted/>} per version
 * used.
 */
public final class OmemoService {
    private static final Logger LOG = Logger.getLogger(OmemoService.class.getName());
    static final String FALLBACK_BODY = "This message is encrypted with OMEMO, which your client does not seem to support.";
    /** How far the encrypted time of an OMEMO 2 message may be from the stanza's time. */
    private static final Duration TIME_TOLERANCE = Duration.ofMinutes(5);

    private final String account;
    private final Set<OmemoVersion> versions;
    private final TrustManager trust;
    private final Supplier<Optional<? extends XMPPConnection>> connection;
    private final Executor worker;
    private final Set<String> plaintextChats = ConcurrentHashMap.newKeySet();
    private final EncryptionChoices choices;
    private final SecureRandom random = new SecureRandom();
    /** Devices this session already tried to repair, so a broken session costs one key transport, not one per message. */
    private final Set<DeviceAddress> repaired = ConcurrentHashMap.newKeySet();
    private final OmemoAccount ctx;
    private final DeviceDirectory directory;
    private final EventBus events;
    private final ChatEncryptionStates chatStates;
    private final OwnDevicePublisher publisher;
    /** Queued stanzas whose block was announced, so a flush does not repeat the event. Worker thread. */
    private final Set<String> announcedBlocks = ConcurrentHashMap.newKeySet();
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
        this.events = events;
        this.directory = new DeviceDirectory(account, deviceLists, options.clock(), options.deviceListMaxAge());
        if (choices != null) {
            plaintextChats.addAll(choices.plaintextChats(account));
        }
        OmemoProviders.register();
        this.ctx = new OmemoAccount(account, store, this.versions, connection, worker, directory, options);
        this.trust = ctx.trust;
        this.chatStates = new ChatEncryptionStates(account, this.versions, directory, trust, this::isPlaintext,
                this::ownDeviceId, events);
        this.publisher = new OwnDevicePublisher(ctx, chatStates);
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
                for (Map.Entry<DeviceAddress, OmemoVersion> device : devicesOf(pep, owner).entrySet()) {
                    if (!ctx.isOwnDevice(device.getKey()) && ensureSession(pep, device.getKey(), device.getValue())) {
                        trust.trust(device.getKey()).ifPresent(records::add);
                    }
                }
                chatStates.refresh(owner);
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


    // ---------------------------------------------------------------- sending

    /** The outbound stage named "encrypt". */
    public OutboundStage encryptStage() {
        return this::encrypt;
    }

    /** Marks a stanza queued while offline that must be encrypted before it leaves (never sent as it is). */
    static final String ENCRYPT_LATER_ELEMENT = "encrypt-later";
    static final String ENCRYPT_LATER_NAMESPACE = "urn:sotto:outbox:omemo";
    /** Elements that travel inside the OMEMO 2 envelope (XEP-0420 content), not in the clear. */
    private static final Set<String> PROTECTED_NAMESPACES = Set.of(ReactionsElement.NAMESPACE,
            ReplyElement.NAMESPACE, FallbackElement.NAMESPACE);

    private boolean encrypt(OutboundMessage m) throws Exception {
        boolean protect = switch (m.kind()) {
            case TEXT, CORRECTION, REACTION -> true;
            // XEP-0424 retractions, markers and chat states stay outside (servers and other clients act on them)
            case RETRACTION, DISPLAYED, CHAT_STATE -> false;
        };
        if (!protect || isPlaintext(m.peer())) {
            m.encryption(Encryption.PLAINTEXT);
            return true;
        }
        if (m.chatKind() != ChatKind.CHAT) {
            // never silent plaintext: until rooms speak OMEMO, a room message goes out only by the user's choice
            throw failure(new OmemoSendException(OmemoSendException.Reason.GROUP_CHAT_NOT_SUPPORTED, "OMEMO in group chats "
                    + "is not supported yet; the message to " + m.peer() + " was not sent (choose plaintext for this "
                    + "room to send it unencrypted)"));
        }
        if (connection.get().isEmpty()) {
            // offline: stored and queued now (in the encrypted profile), encrypted by prepare() when it goes out
            markEncryptLater(m.builder());
            m.encryption(chatStates.compute(m.peer())); // provisional: DEVICES_UNKNOWN when none is known yet
            return true;
        }
        try {
            EncryptedStanza encrypted = encryptStanza(m.builder().build(), m.peer());
            m.replaceBuilder(encrypted.stanza().asBuilder());
            m.encryption(encrypted.encryption());
            return true;
        } catch (OmemoSendException e) {
            announce(m.peer(), e, Optional.empty());
            throw failure(e);
        }
    }

    /**
     * The outbox's last step for OMEMO: a stanza queued while offline is encrypted now, for the devices known now.
     * Undecided devices keep it (and the later ones of that chat) queued until the user decides; a chat that cannot
     * be encrypted at all fails it. Never sends its plaintext.
     */
    public OutboxPreparer outboxPreparer() {
        return (entry, stanza) -> prepareQueued(entry, stanza, () -> encryptStanza(stanza, entry.peer()));
    }

    /** How a queued stanza is encrypted when it goes out (1:1: for the contact; rooms: for the members then). */
    interface QueuedEncryption {
        EncryptedStanza encrypt() throws OmemoSendException, InterruptedException;
    }

    /** The outbox step for one entry: unmarked ones as they are, marked ones encrypted now (or kept, or failed). */
    Optional<OutboxPreparer.Prepared> prepareQueued(OutboxEntry entry,
            Message stanza, QueuedEncryption encryption) throws OutboxPreparer.Undeliverable {
        if (!encryptLater(stanza)) {
            return Optional.of(new OutboxPreparer.Prepared(stanza, Optional.empty()));
        }
        try {
            EncryptedStanza encrypted = encryption.encrypt();
            announcedBlocks.remove(entry.stanzaId());
            return Optional.of(new OutboxPreparer.Prepared(encrypted.stanza(),
                    Optional.of(encrypted.encryption())));
        } catch (OmemoSendException e) {
            if (e.reason() == OmemoSendException.Reason.UNDECIDED_DEVICES) {
                if (announcedBlocks.add(entry.stanzaId())) {
                    announce(entry.peer(), e, Optional.of(entry.messageKey()));
                }
                return Optional.empty();
            }
            if (e.reason() == OmemoSendException.Reason.NOT_CONNECTED || e.reason() == OmemoSendException.Reason.FAILED) {
                return Optional.empty(); // try again at the next flush
            }
            throw new OutboxPreparer.Undeliverable(e.getMessage(), sendFailure(e.reason()),
                    new OmemoSendBlocked(account, entry.peer(), reason(e.reason()), describe(e.devices()),
                            e.getMessage(), Optional.of(entry.messageKey())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** What a queued message that could not be encrypted keeps as the reason it FAILED. */
    static SendFailure sendFailure(OmemoSendException.Reason reason) {
        return switch (reason) {
            case NO_DEVICES -> SendFailure.NO_OMEMO_DEVICES;
            case NO_USABLE_DEVICES -> SendFailure.NO_USABLE_DEVICES;
            case ROOM_NOT_ENCRYPTABLE, GROUP_CHAT_NOT_SUPPORTED -> SendFailure.ROOM_NOT_ENCRYPTABLE;
            default -> SendFailure.OTHER;
        };
    }

    /** True when the queued stanza still waits to be encrypted (written while offline). */
    static boolean encryptLater(Message stanza) {
        return stanza.getExtension(ENCRYPT_LATER_ELEMENT, ENCRYPT_LATER_NAMESPACE) != null;
    }

    /** Marks a stanza being queued offline: {@link #prepareQueued} encrypts it when it goes out. */
    static void markEncryptLater(MessageBuilder builder) {
        builder.addExtension(StandardExtensionElement
                .builder(ENCRYPT_LATER_ELEMENT, ENCRYPT_LATER_NAMESPACE).build());
    }

    /** Called after the user decided about blocked devices: the outbox is sent again (set by the account session). */
    public void onRetry(Runnable retry) {
        this.retryQueued = retry;
    }

    void announce(String peer, OmemoSendException e, Optional<String> messageKey) {
        if (events != null) {
            events.publish(new OmemoSendBlocked(account, peer, reason(e.reason()), describe(e.devices()),
                    e.getMessage(), messageKey));
        }
    }

    /** A refused send as the API states it (the internal exception stays its cause). */
    SendException failure(OmemoSendException e) {
        return new SendException(reason(e.reason()), e.getMessage(), describe(e.devices()), e);
    }

    static SendException.Reason reason(OmemoSendException.Reason reason) {
        return switch (reason) {
            case NOT_CONNECTED -> SendException.Reason.NOT_CONNECTED;
            case NO_DEVICES -> SendException.Reason.NO_DEVICES;
            case NO_USABLE_DEVICES -> SendException.Reason.NO_USABLE_DEVICES;
            case UNDECIDED_DEVICES -> SendException.Reason.TRUST_DECISION_NEEDED;
            case ROOM_NOT_ENCRYPTABLE -> SendException.Reason.ROOM_NOT_ENCRYPTABLE;
            case GROUP_CHAT_NOT_SUPPORTED, FAILED -> SendException.Reason.FAILED;
        };
    }

    /** The devices a refusal names, with their keys and trust as known now (an unknown one by its address only). */
    List<Device> describe(List<DeviceAddress> addresses) {
        Map<String, List<OmemoDevice>> known = new HashMap<>();
        List<Device> described = new ArrayList<>();
        for (DeviceAddress address : addresses) {
            described.add(known.computeIfAbsent(address.bareJid(), this::knownDevices).stream()
                    .filter(d -> d.address().equals(address)).findFirst().map(TrustService::device)
                    .orElseGet(() -> new Device(address.bareJid(), address.deviceId(), Optional.empty(), Set.of(),
                            Optional.empty(), true, false)));
        }
        return described;
    }

    /** A stanza ready to go: its encrypted form and the encryption state of the message. */
    record EncryptedStanza(Message stanza, Encryption encryption) {
    }

    /**
     * Encrypts a built 1:1 stanza: body and protected elements (reactions, reply) go into the encrypted element(s),
     * the fallback body, store hint and EME marker come in. Receipt request, markable, chat state, origin-id and
     * {@code <replace/>} stay outside.
     */
    EncryptedStanza encryptStanza(Message plain, String peer) throws OmemoSendException, InterruptedException {
        try {
            return encryptStanza(plain, List.of(peer), jid(peer));
        } catch (XmppStringprepException e) {
            throw new OmemoSendException(OmemoSendException.Reason.FAILED, "not a valid address: " + peer, List.of(), e);
        }
    }

    /**
     * As {@link #encryptStanza(Message, String)} for several recipients (a room's members, with the room as the
     * envelope's {@code to}); fails with NO_DEVICES when nobody but this device could read it.
     */
    EncryptedStanza encryptStanza(Message plain, Collection<String> jids, BareJid sceTo)
            throws OmemoSendException, InterruptedException {
        List<ExtensionElement> protectedElements = plain.getExtensions().stream()
                .filter(e -> PROTECTED_NAMESPACES.contains(e.getNamespace())).toList();
        Encrypted encrypted = encryptFor(jids, plain.getBody(), protectedElements, sceTo);
        if (encrypted.elements().isEmpty()) {
            throw new OmemoSendException(OmemoSendException.Reason.NO_DEVICES, "nobody in " + sceTo
                    + " but this device could read the message; it was not sent");
        }
        MessageBuilder builder = plain.asBuilder();
        builder.removeExtension(ENCRYPT_LATER_ELEMENT, ENCRYPT_LATER_NAMESPACE);
        boolean legacyRecipients = encrypted.recipients().values().stream().anyMatch(v -> v == OmemoVersion.V0_3);
        for (ExtensionElement element : protectedElements) {
            // OMEMO 0.3 protects only the body: a reply reference stays visible to legacy devices (as Conversations does)
            boolean keepOutside = legacyRecipients && element.getNamespace().equals(ReplyElement.NAMESPACE);
            if (!keepOutside) {
                builder.removeExtension(element);
            }
        }
        applyTo(builder, encrypted);
        return new EncryptedStanza(builder.build(), encrypted.encryption());
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
        XMPPConnection xmpp = connection.get().orElseThrow(() -> new OmemoSendException(
                OmemoSendException.Reason.NOT_CONNECTED, "not connected: the OMEMO devices cannot be fetched now"));
        try {
            OmemoPepManager pep = OmemoPepManager.getInstanceFor(xmpp);
            Map<DeviceAddress, OmemoVersion> all = new LinkedHashMap<>();
            for (String jid : jids) {
                Map<DeviceAddress, OmemoVersion> contactDevices = devicesOf(pep, jid);
                contactDevices.keySet().removeIf(ctx::isOwnDevice); // a note to self goes to the own other devices only
                if (contactDevices.isEmpty()) {
                    throw new OmemoSendException(OmemoSendException.Reason.NO_DEVICES, jid + " publishes no OMEMO device; "
                            + "the message was not sent (choose plaintext for this chat to send it unencrypted)");
                }
                all.putAll(contactDevices);
            }
            Map<DeviceAddress, OmemoVersion> ownDevices = devicesOf(pep, account);
            ownDevices.keySet().removeIf(ctx::isOwnDevice);
            ownDevices.forEach(all::putIfAbsent);
            if (body == null) {
                all.values().removeIf(v -> v == OmemoVersion.V0_3); // nothing OMEMO 0.3 could carry
            }
            List<DeviceAddress> withSession = new ArrayList<>();
            for (Map.Entry<DeviceAddress, OmemoVersion> device : all.entrySet()) {
                if (ensureSession(pep, device.getKey(), device.getValue())) {
                    withSession.add(device.getKey());
                }
            }
            SendPlan plan = trust.planSend(withSession);
            chatStates.refresh(jids);
            if (!plan.blocking().isEmpty()) {
                throw new OmemoSendException(OmemoSendException.Reason.UNDECIDED_DEVICES,
                        "new devices need your decision before the message can be sent: " + plan.blocking(),
                        plan.blocking(), null);
            }
            List<DeviceAddress> recipients = plan.recipients();
            for (String jid : jids) {
                if (recipients.stream().noneMatch(d -> d.bareJid().equals(jid))) {
                    List<DeviceAddress> theirs = all.keySet().stream().filter(d -> d.bareJid().equals(jid)).toList();
                    throw new OmemoSendException(OmemoSendException.Reason.NO_USABLE_DEVICES, "none of the devices of "
                            + jid + " can receive the message (no bundle, distrusted"
                            + (body == null ? ", or only OMEMO 0.3, which cannot carry it" : "") + ")", theirs, null);
                }
            }
            List<ExtensionElement> elements = new ArrayList<>();
            boolean usesOmemo2 = false;
            Map<DeviceAddress, OmemoVersion> used = new LinkedHashMap<>();
            for (OmemoVersion version : versions) {
                List<DeviceAddress> forVersion = recipients.stream().filter(d -> all.get(d) == version).toList();
                if (forVersion.isEmpty()) {
                    continue;
                }
                elements.add(encryptFor(version, forVersion, body, protectedElements, sceTo));
                forVersion.forEach(d -> used.put(d, version));
                usesOmemo2 |= version == OmemoVersion.V2;
            }
            boolean allVerified = recipients.stream().allMatch(d -> trust.trust(d).map(TrustRecord::level)
                    .orElse(TrustLevel.UNDECIDED) == TrustLevel.VERIFIED);
            return new Encrypted(elements, used, allVerified ? Encryption.E2EE_VERIFIED : Encryption.E2EE_TRUSTED, usesOmemo2);
        } catch (OmemoPepException | OmemoException | XmppStringprepException e) {
            throw new OmemoSendException(OmemoSendException.Reason.FAILED, "OMEMO encryption failed: " + e.getMessage(),
                    List.of(), e);
        }
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


    /** The ratchet writes happen inside encryptKey, before the stanza is stored and sent. */
    private ExtensionElement encryptFor(OmemoVersion version, List<DeviceAddress> devices, String body,
                                        List<? extends ExtensionElement> protectedElements, BareJid sceTo)
            throws OmemoException, XmppStringprepException {
        OmemoProtocol protocol = ctx.protocol(version);
        byte[] plaintext = version == OmemoVersion.V2
                ? SceEnvelope.forMessage(body, protectedElements, jid(account), sceTo, Instant.now(), random).toBytes()
                : body.getBytes(StandardCharsets.UTF_8);
        PayloadEncryption payload = protocol.encryptPayload(plaintext);
        List<RecipientKey> keys = new ArrayList<>();
        for (DeviceAddress device : devices) {
            EncryptedKey key = protocol.encryptKey(device, payload.keyMaterial());
            keys.add(new RecipientKey(version == OmemoVersion.V2 ? device.bareJid() : null, device.deviceId(),
                    key.preKey(), key.data()));
        }
        EncryptedPayload encrypted = payload.payload();
        return version == OmemoVersion.V2
                ? EncryptedElement.v2(ownDeviceId(), keys, encrypted.ciphertext())
                : EncryptedElement.legacy(ownDeviceId(), keys, encrypted.iv(), encrypted.ciphertext());
    }

    /** The active devices of an account with the version each gets: OMEMO 2 when listed there, else 0.3. */
    private Map<DeviceAddress, OmemoVersion> devicesOf(OmemoPepManager pep, String owner)
            throws OmemoPepException, InterruptedException, XmppStringprepException {
        Map<DeviceAddress, OmemoVersion> devices = new LinkedHashMap<>();
        for (OmemoVersion version : List.of(OmemoVersion.V2, OmemoVersion.V0_3)) {
            if (versions.contains(version)) {
                for (int id : deviceList(pep, owner, version)) {
                    devices.putIfAbsent(new DeviceAddress(owner, id), version);
                }
            }
        }
        return devices;
    }

    /** The cached list when fresh, else the published one (which then updates the cache). */
    private Set<Integer> deviceList(OmemoPepManager pep, String owner, OmemoVersion version)
            throws OmemoPepException, InterruptedException, XmppStringprepException {
        Optional<Set<Integer>> cached = directory.freshActive(owner, version);
        if (cached.isPresent()) {
            return cached.get();
        }
        Set<Integer> ids = Set.copyOf(pep.fetchDeviceList(jid(owner), version == OmemoVersion.V0_3).deviceIds());
        directory.fetched();
        directory.seen(owner, version, ids, owner.equals(account));
        return ids;
    }

    /** A session in the device's version, built from its bundle when missing; false when that is impossible. */
    private boolean ensureSession(OmemoPepManager pep, DeviceAddress device, OmemoVersion version)
            throws InterruptedException, XmppStringprepException {
        OmemoProtocol protocol = ctx.protocol(version);
        if (protocol.hasSession(device)) {
            return true;
        }
        try {
            Optional<BundleElement> bundle = pep.fetchBundle(jid(device.bareJid()), device.deviceId(),
                    version == OmemoVersion.V0_3);
            if (bundle.isEmpty()) {
                LOG.info(() -> "no " + version + " bundle for " + device + "; it gets no key");
                return false;
            }
            protocol.buildSession(device, toBundle(bundle.get()));
            return true;
        } catch (OmemoPepException | OmemoException | IllegalArgumentException e) {
            LOG.log(Level.INFO, "no session with " + device + "; it gets no key", e);
            return false;
        }
    }

    // ---------------------------------------------------------------- devices, trust and chat states

    /** One device as the user sees it: where it is listed, whether it still is, its key and the trust in it. */
    public record OmemoDevice(DeviceAddress address, Set<OmemoVersion> versions, boolean active, boolean thisDevice,
                              Optional<Fingerprint> fingerprint, Optional<TrustLevel> trust) {
    }

    /**
     * What is known about {@code jid}'s devices without asking the server: the cached lists (inactive devices are
     * the ones that left the list; they keep their trust and sessions) with the recorded keys and trust.
     */
    public List<OmemoDevice> knownDevices(String jid) {
        Map<Integer, Set<OmemoVersion>> listed = new TreeMap<>();
        Set<Integer> active = new HashSet<>();
        for (OmemoVersion version : versions) {
            for (OmemoDeviceLists.CachedDevice d : directory.all(jid, version)) {
                listed.computeIfAbsent(d.deviceId(), id -> EnumSet.noneOf(OmemoVersion.class)).add(version);
                if (d.active()) {
                    active.add(d.deviceId());
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
                    self ? Optional.empty() : record.map(TrustRecord::level)));
        });
        return devices;
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
            announcedBlocks.clear();
            chatStates.refreshAll();
            retryQueued.run();
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
            try {
                trust.verify(uri);
            } catch (IdentityChangedException e) {
                throw new CompletionException(e);
            }
            announcedBlocks.clear();
            chatStates.refreshAll();
            retryQueued.run();
            return uri.devices().stream()
                    .map(device -> trust.trust(new DeviceAddress(uri.bareJid(), device.deviceId())))
                    .flatMap(Optional::stream).toList();
        }, worker);
    }

    /**
     * The chat's current encryption state, what the next message would be: PLAINTEXT when the user chose plaintext
     * or no device of the contact is known; E2EE_UNTRUSTED_DEVICES when an undecided device (the contact's, or an own
     * one) would block; E2EE_VERIFIED when every device that would get the message is verified; else E2EE_TRUSTED.
     * Changes (on the event thread) when devices, trust or the choice change; each change is also a
     * {@link org.sotto.core.api.event.ChatEncryptionChanged} event.
     */
    /** Those of {@code jids} with no known active OMEMO device (their device list is empty or not fetched yet). */
    public Set<String> withoutKnownDevices(Set<String> jids) {
        Set<String> without = new TreeSet<>();
        jids.stream().filter(jid -> !chatStates.hasKnownDevices(jid)).forEach(without::add);
        return without;
    }

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

    // ---------------------------------------------------------------- receiving

    /** The inbound stage named "decrypt". */
    public InboundStage decryptStage() {
        return this::decrypt;
    }

    private boolean decrypt(InboundMessage m) throws Exception {
        return decrypt(m, null);
    }

    /** Who sent a room message: the sender's real bare JID as the room told it (empty: the room did not say). */
    public record RoomSender(Optional<String> realJid) {
    }

    /**
     * Decrypts a group chat message (a room's stage, see {@code RoomEncryption}): like a 1:1 message, but the
     * sending device belongs to {@code sender}'s real JID, and an OMEMO 2 envelope must name the room as {@code to}.
     */
    public boolean decryptRoomMessage(InboundMessage m, RoomSender sender) throws Exception {
        return decrypt(m, Objects.requireNonNull(sender));
    }

    /**
     * @param room the room message's sender (null for 1:1 messages). Whatever else fails on the sender's bytes makes
     * the message UNDECRYPTABLE (MALFORMED) instead of dropping it; a storage failure propagates, so the unit of
     * work rolls back and the message comes again (see {@link org.sotto.core.persistence.Persistence#isStorageFailure}).
     */
    private boolean decrypt(InboundMessage m, RoomSender room) throws Exception {
        try {
            return decryptOrThrow(m, room);
        } catch (RuntimeException e) {
            if (Persistence.isStorageFailure(e)) {
                throw e;
            }
            // the class only: a message of an unexpected failure could quote what was decrypted
            LOG.warning(() -> "an OMEMO message in " + m.peer() + " failed unexpectedly (" + e.getClass().getName() + ")");
            m.undecryptable(UndecryptableReason.MALFORMED);
            return true;
        }
    }

    private boolean decryptOrThrow(InboundMessage m, RoomSender room) throws Exception {
        Message message = m.message();
        EncryptedElement v2 = encrypted(message, OmemoNamespaces.V2);
        EncryptedElement legacy = encrypted(message, OmemoNamespaces.LEGACY);
        if (v2 == null && legacy == null && hasOmemoElement(message)) {
            // an <encrypted/> the parser refused: never its fallback body as plaintext
            Optional<MalformedEncryptedElement> malformed = message.getExtensions().stream()
                    .filter(MalformedEncryptedElement.class::isInstance).map(MalformedEncryptedElement.class::cast)
                    .findFirst();
            String problem = malformed.map(MalformedEncryptedElement::problem).orElse("not parsed");
            if (malformed.map(e -> !e.hasPayload()).orElse(false) && !MessageBodies.present(message)) {
                LOG.info(() -> "a malformed OMEMO key transport from " + m.sender() + " ignored: " + problem);
                return false; // an empty message carries nothing to show
            }
            LOG.info(() -> "a malformed OMEMO message from " + m.sender() + " kept as undecryptable: " + problem);
            m.undecryptable(UndecryptableReason.MALFORMED);
            return true;
        }
        if (v2 == null && legacy == null) {
            // plaintext, in any chat: marked as plaintext, whatever the chat used before
            String text = MessageBodies.text(message);
            if (text != null) { // no text (chat states, receipts, a room's notices): no entry
                m.decrypted(Encryption.PLAINTEXT, text);
            }
            return true;
        }
        if (m.chatKind() != ChatKind.CHAT && room == null) {
            m.undecryptable(UndecryptableReason.GROUP_CHAT);
            return true;
        }
        // prefer the version that has a key for this device
        EncryptedElement chosen = null;
        for (EncryptedElement candidate : new EncryptedElement[] {v2, legacy}) {
            if (candidate != null && ctx.speaks(version(candidate))
                    && candidate.keyFor(account, ownDeviceId()).isPresent()) {
                chosen = candidate;
                break;
            }
        }
        if (chosen == null) {
            if ((v2 == null || v2.isKeyTransport()) && (legacy == null || legacy.isKeyTransport())) {
                return false; // an empty message for another device carries nothing to show
            }
            boolean speaksAny = (v2 != null && versions.contains(OmemoVersion.V2))
                    || (legacy != null && versions.contains(OmemoVersion.V0_3));
            m.undecryptable(speaksAny ? UndecryptableReason.NOT_FOR_THIS_DEVICE
                    : UndecryptableReason.UNSUPPORTED_VERSION);
            return true;
        }
        OmemoVersion version = version(chosen);
        OmemoProtocol protocol = ctx.protocol(version);
        if (room != null && room.realJid().isEmpty()) {
            m.undecryptable(UndecryptableReason.UNKNOWN_SENDER);
            return true;
        }
        String senderAccount = room != null ? room.realJid().get() : m.direction() == Direction.OUTGOING ? account : m.sender();
        DeviceAddress sender = new DeviceAddress(senderAccount, chosen.senderDeviceId());
        RecipientKey key = chosen.keyFor(account, ownDeviceId()).orElseThrow();
        DecryptedKey decryptedKey;
        try {
            decryptedKey = protocol.decryptKey(sender, new EncryptedKey(key.deviceId(), key.data(), key.keyExchange()));
        } catch (DuplicateMessageException e) {
            return false; // XEP-0384: a replayed message is ignored
        } catch (NoSessionException e) {
            if (repaired.add(sender)) {
                // a new session, so that the sender's next messages decrypt; network: only after the commit
                UnitOfWork.afterCommit(() -> sendKeyTransport(version, sender, true));
            }
            m.undecryptable(UndecryptableReason.NO_SESSION);
            return true;
        } catch (OmemoException e) {
            LOG.log(Level.INFO, "a message key from " + sender + " failed", e);
            m.undecryptable(UndecryptableReason.KEY_FAILED_TO_VERIFY);
            return true;
        }
        // network effects wait for the commit of the unit of work that stores the message (and the ratchet state)
        // (once per unit: a catch-up page of a peer's repeated key exchanges gets one answer, not one per message)
        if (decryptedKey.newSession()) {
            UnitOfWork.afterCommitOnce(List.of("republish", version),
                    () -> publisher.republishBundle(protocol));
        }
        if (decryptedKey.sendKeyTransport()) {
            // confirms a new session (or a due heartbeat)
            UnitOfWork.afterCommitOnce(List.of("key transport", version, sender),
                    () -> sendKeyTransport(version, sender, false));
        }
        if (chosen.isKeyTransport()) {
            return false; // an empty message only moves the session on
        }
        String body;
        try {
            byte[] plaintext = protocol.decryptPayload(new EncryptedPayload(chosen.iv().orElse(null),
                    chosen.payload().orElseThrow()), decryptedKey.keyMaterial());
            if (version == OmemoVersion.V2) {
                SceEnvelope envelope = SceEnvelopeProvider.parse(plaintext);
                BareJid stanzaFrom = room != null || message.getFrom() == null ? jid(senderAccount) : message.getFrom().asBareJid();
                BareJid stanzaTo = room != null ? jid(m.peer()) : message.getTo() == null ? jid(account) : message.getTo().asBareJid();
                envelope.verify(stanzaFrom, stanzaTo, room != null, m.stanzaTimestamp(), TIME_TOLERANCE);
                body = envelope.body().orElse("");
                // protected reactions and replies count as part of the message; anything else inside is ignored
                m.decryptedContent(envelope.content().stream()
                        .filter(e -> PROTECTED_NAMESPACES.contains(e.getNamespace())).toList());
            } else {
                body = new String(plaintext, StandardCharsets.UTF_8);
            }
        } catch (SceVerificationException e) {
            LOG.info(() -> "OMEMO 2 envelope from " + sender + " refused: " + e.getMessage());
            m.undecryptable(UndecryptableReason.ENVELOPE_MISMATCH);
            return true;
        } catch (SmackParsingException e) {
            LOG.info(() -> "the OMEMO 2 envelope from " + sender + " is malformed: " + e.getMessage());
            m.undecryptable(UndecryptableReason.MALFORMED);
            return true;
        } catch (OmemoException e) {
            LOG.log(Level.INFO, "the payload from " + sender + " failed", e);
            m.undecryptable(UndecryptableReason.KEY_FAILED_TO_VERIFY);
            return true;
        }
        TrustLevel level = trust.trust(sender).map(TrustRecord::level).orElse(TrustLevel.UNDECIDED);
        m.decrypted(switch (level) {
            case VERIFIED -> Encryption.E2EE_VERIFIED;
            case TRUSTED_BLIND -> Encryption.E2EE_TRUSTED;
            case UNDECIDED -> Encryption.E2EE_UNTRUSTED_DEVICES;
            case DISTRUSTED -> Encryption.E2EE_DISTRUSTED;
        }, body);
        return true;
    }

    /** An empty OMEMO message to one device; with {@code newSession} first a fresh session from its bundle. */
    private void sendKeyTransport(OmemoVersion version, DeviceAddress device, boolean newSession) {
        Optional<? extends XMPPConnection> xmpp = connection.get();
        if (xmpp.isEmpty()) {
            return;
        }
        try {
            OmemoProtocol protocol = ctx.protocol(version);
            if (newSession) {
                Optional<BundleElement> bundle = OmemoPepManager.getInstanceFor(xmpp.get())
                        .fetchBundle(jid(device.bareJid()), device.deviceId(), version == OmemoVersion.V0_3);
                if (bundle.isEmpty()) {
                    return;
                }
                protocol.buildSession(device, toBundle(bundle.get()));
            }
            PayloadEncryption empty = protocol.keyTransport();
            EncryptedKey key = protocol.encryptKey(device, empty.keyMaterial());
            RecipientKey recipient = new RecipientKey(version == OmemoVersion.V2 ? device.bareJid() : null,
                    device.deviceId(), key.preKey(), key.data());
            EncryptedElement element = version == OmemoVersion.V2
                    ? EncryptedElement.v2(ownDeviceId(), List.of(recipient), null)
                    : EncryptedElement.legacy(ownDeviceId(), List.of(recipient), empty.payload().iv(), null);
            xmpp.get().sendStanza(StanzaBuilder.buildMessage()
                    .to(jid(device.bareJid())).ofType(Message.Type.chat)
                    .addExtension(element).addExtension(StoreHint.INSTANCE).build());
        } catch (OmemoException | OmemoPepException | XmppStringprepException | IllegalArgumentException
                 | SmackException.NotConnectedException e) {
            LOG.log(Level.INFO, "could not send an empty OMEMO message to " + device, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


    private static EncryptedElement encrypted(Message message, String namespace) {
        ExtensionElement element = message.getExtension(EncryptedElement.ELEMENT, namespace);
        return element instanceof EncryptedElement e ? e : null;
    }

    /** Whether the message carries an OMEMO {@code <encrypted/>} of either version, parsed or not. */
    private static boolean hasOmemoElement(Message message) {
        return message.getExtension(EncryptedElement.ELEMENT, OmemoNamespaces.V2) != null
                || message.getExtension(EncryptedElement.ELEMENT, OmemoNamespaces.LEGACY) != null;
    }

    private static OmemoVersion version(EncryptedElement element) {
        return element.isLegacy() ? OmemoVersion.V0_3 : OmemoVersion.V2;
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

    private static EntityBareJid jid(String bare) throws XmppStringprepException {
        return JidCreate.entityBareFrom(bare);
    }
}
