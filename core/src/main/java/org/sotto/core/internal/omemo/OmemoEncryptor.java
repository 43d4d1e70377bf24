package org.sotto.core.internal.omemo;

import static org.sotto.core.internal.omemo.OmemoAccount.jid;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
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
import org.jivesoftware.smackx.hints.element.StoreHint;

import org.jxmpp.jid.BareJid;
import org.jxmpp.stringprep.XmppStringprepException;

import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.SendException;
import org.sotto.core.api.chat.SendFailure;
import org.sotto.core.api.event.OmemoSendBlocked;
import org.sotto.core.api.trust.Device;
import org.sotto.core.internal.chat.OutboxPreparer;
import org.sotto.core.internal.chat.pipeline.OutboundMessage;
import org.sotto.core.internal.event.EventBus;
import org.sotto.core.internal.omemo.OmemoService.Encrypted;
import org.sotto.core.internal.omemo.OmemoService.OmemoDevice;
import org.sotto.core.internal.omemo.element.BundleElement;
import org.sotto.core.internal.omemo.element.DeviceListElement;
import org.sotto.core.internal.omemo.element.EncryptedElement;
import org.sotto.core.internal.omemo.element.RecipientKey;
import org.sotto.core.internal.omemo.element.SceEnvelope;
import org.sotto.core.internal.persistence.OutboxEntry;
import org.sotto.core.internal.xmpp.FallbackElement;
import org.sotto.core.internal.xmpp.ReactionsElement;
import org.sotto.core.internal.xmpp.ReplyElement;
import org.sotto.crypto.Bundle;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.EncryptedKey;
import org.sotto.crypto.EncryptedPayload;
import org.sotto.crypto.IdentityChangedException;
import org.sotto.crypto.OmemoException;
import org.sotto.crypto.OmemoProtocol;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.PayloadEncryption;
import org.sotto.crypto.SendPlan;
import org.sotto.crypto.TrustLevel;
import org.sotto.crypto.TrustManager;
import org.sotto.crypto.TrustRecord;

/**
 * Outgoing OMEMO for one account: the outbound stage "encrypt" (1:1), the recipients of a message (device lists
 * from the cache, the version per device, sessions built from fetched bundles, the trust plan), the encrypted
 * stanza, the outbox step for stanzas queued offline, and how a refused send is reported. Account worker.
 */
final class OmemoEncryptor {
    private static final Logger LOG = Logger.getLogger(OmemoEncryptor.class.getName());

    /** Marks a stanza queued while offline that must be encrypted before it leaves (never sent as it is). */
    static final String ENCRYPT_LATER_ELEMENT = "encrypt-later";
    static final String ENCRYPT_LATER_NAMESPACE = "urn:sotto:outbox:omemo";
    /** Elements that travel inside the OMEMO 2 envelope (XEP-0420 content), not in the clear. */
    static final Set<String> PROTECTED_NAMESPACES = Set.of(ReactionsElement.NAMESPACE,
            ReplyElement.NAMESPACE, FallbackElement.NAMESPACE);

    private final OmemoAccount ctx;
    private final String account;
    private final Set<OmemoVersion> versions;
    private final TrustManager trust;
    private final Supplier<Optional<? extends XMPPConnection>> connection;
    private final DeviceDirectory directory;
    private final EventBus events;
    private final ChatEncryptionStates chatStates;
    private final Predicate<String> plaintextChosen;
    private final Function<String, List<OmemoDevice>> knownDevices;
    private final SecureRandom random = new SecureRandom();
    /** Queued stanzas whose block was announced, so a flush does not repeat the event. Worker thread. */
    private final Set<String> announcedBlocks = ConcurrentHashMap.newKeySet();

    /**
     * @param plaintextChosen whether the user chose plaintext for a chat
     * @param knownDevices    a JID's devices as known without the network (to describe a refusal's devices)
     * @param events          where blocked sends are published (null: nowhere)
     */
    OmemoEncryptor(OmemoAccount ctx, ChatEncryptionStates chatStates, Predicate<String> plaintextChosen,
                   Function<String, List<OmemoDevice>> knownDevices, EventBus events) {
        this.ctx = ctx;
        this.account = ctx.account;
        this.versions = ctx.versions;
        this.trust = ctx.trust;
        this.connection = ctx.connection;
        this.directory = ctx.directory;
        this.chatStates = chatStates;
        this.plaintextChosen = plaintextChosen;
        this.knownDevices = knownDevices;
        this.events = events;
    }

    private int ownDeviceId() {
        return ctx.ownDeviceId();
    }

    private boolean isOwnDevice(DeviceAddress device) {
        return ctx.isOwnDevice(device);
    }

    private boolean isPlaintext(String peer) {
        return plaintextChosen.test(peer);
    }

    /** After a trust decision: a queued stanza still blocked is announced again at the next flush. */
    void decisionMade() {
        announcedBlocks.clear();
    }

    boolean encrypt(OutboundMessage m) throws Exception {
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
    OutboxPreparer outboxPreparer() {
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
            described.add(known.computeIfAbsent(address.bareJid(), knownDevices).stream()
                    .filter(d -> d.address().equals(address)).findFirst().map(TrustService::device)
                    .orElseGet(() -> Device.unknown(address.bareJid(), address.deviceId())));
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
        OmemoService.applyTo(builder, encrypted);
        return new EncryptedStanza(builder.build(), encrypted.encryption());
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
    Encrypted encryptFor(Collection<String> jids, String body, List<? extends ExtensionElement> protectedElements,
                         BareJid sceTo) throws OmemoSendException, InterruptedException {
        XMPPConnection xmpp = connection.get().orElseThrow(() -> new OmemoSendException(
                OmemoSendException.Reason.NOT_CONNECTED, "not connected: the OMEMO devices cannot be fetched now"));
        try {
            OmemoPepManager pep = OmemoPepManager.getInstanceFor(xmpp);
            Map<DeviceAddress, OmemoVersion> all = new LinkedHashMap<>();
            for (String jid : jids) {
                Map<DeviceAddress, OmemoVersion> contactDevices = devicesOf(pep, jid);
                contactDevices.keySet().removeIf(this::isOwnDevice); // a note to self goes to the own other devices only
                if (contactDevices.isEmpty()) {
                    throw new OmemoSendException(OmemoSendException.Reason.NO_DEVICES, jid + " publishes no OMEMO device; "
                            + "the message was not sent (choose plaintext for this chat to send it unencrypted)");
                }
                all.putAll(contactDevices);
            }
            Map<DeviceAddress, OmemoVersion> ownDevices = devicesOf(pep, account);
            ownDevices.keySet().removeIf(this::isOwnDevice);
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

    /**
     * An OMEMO 2 message whose envelope carries {@code content} and no body, for exactly those of {@code devices}
     * (devices of {@code to}) that are listed for OMEMO 2 and have or get a session: the XEP-0450 trust messages,
     * which go only to devices the caller chose (verified ones). No fallback body, so clients show nothing; sent
     * now, not queued. Account worker.
     *
     * @return the devices that got a key
     */
    List<DeviceAddress> sendOmemo2(String to, Collection<DeviceAddress> devices, ExtensionElement content)
            throws OmemoSendException, InterruptedException {
        XMPPConnection xmpp = connection.get().orElseThrow(() -> new OmemoSendException(
                OmemoSendException.Reason.NOT_CONNECTED, "not connected"));
        if (!ctx.speaks(OmemoVersion.V2)) {
            return List.of();
        }
        try {
            OmemoPepManager pep = OmemoPepManager.getInstanceFor(xmpp);
            Map<DeviceAddress, OmemoVersion> listed = devicesOf(pep, to);
            List<DeviceAddress> targets = new ArrayList<>();
            for (DeviceAddress device : devices) {
                if (!isOwnDevice(device) && listed.get(device) == OmemoVersion.V2
                        && ensureSession(pep, device, OmemoVersion.V2)) {
                    targets.add(device);
                }
            }
            if (targets.isEmpty()) {
                return List.of();
            }
            ExtensionElement encrypted = encryptFor(OmemoVersion.V2, targets, null, List.of(content), jid(to));
            xmpp.sendStanza(StanzaBuilder.buildMessage().to(jid(to)).ofType(Message.Type.chat)
                    .addExtension(encrypted).addExtension(StoreHint.INSTANCE).build());
            return targets;
        } catch (OmemoPepException | OmemoException | XmppStringprepException | SmackException.NotConnectedException e) {
            throw new OmemoSendException(OmemoSendException.Reason.FAILED, "OMEMO 2 message to " + to + " failed: "
                    + e.getMessage(), List.of(), e);
        }
    }

    /** A device's published bundle of {@code version}, if any (network; account worker). */
    Optional<BundleElement> fetchBundle(DeviceAddress device, OmemoVersion version) throws InterruptedException {
        Optional<? extends XMPPConnection> xmpp = connection.get();
        if (xmpp.isEmpty()) {
            return Optional.empty();
        }
        try {
            return OmemoPepManager.getInstanceFor(xmpp.get()).fetchBundle(jid(device.bareJid()), device.deviceId(),
                    version == OmemoVersion.V0_3);
        } catch (OmemoPepException | XmppStringprepException e) {
            return Optional.empty();
        }
    }

    /** The active devices of an account with the version each gets: OMEMO 2 when listed there, else 0.3. */
    Map<DeviceAddress, OmemoVersion> devicesOf(OmemoPepManager pep, String owner)
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
        DeviceListElement list = pep.fetchDeviceList(jid(owner), version == OmemoVersion.V0_3);
        directory.fetched();
        directory.seen(owner, list, owner.equals(account));
        return Set.copyOf(list.deviceIds());
    }

    /**
     * The device's identity key, recorded from its bundle when no session or trust record has it yet, without
     * starting a session: that waits for the first message, from the bundle as it is then. A session started now
     * would use a one-time prekey that another sender may take meanwhile (a peer deletes a prekey once used, and
     * could not read the first message). False when the device has no bundle or shows another key.
     */
    boolean knowIdentity(OmemoPepManager pep, DeviceAddress device, OmemoVersion version)
            throws InterruptedException, XmppStringprepException {
        if (ctx.keyChangePending.contains(device)) {
            return false;
        }
        if (ctx.protocol(version).hasSession(device) || ctx.trust.trust(device).isPresent()) {
            return true;
        }
        return withBundle(pep, device, version, "its identity is not known",
                bundle -> ctx.trust.observe(device, bundle.identityFingerprint()));
    }

    /** A session in the device's version, built from its bundle when missing; false when that is impossible. */
    boolean ensureSession(OmemoPepManager pep, DeviceAddress device, OmemoVersion version)
            throws InterruptedException, XmppStringprepException {
        OmemoProtocol protocol = ctx.protocol(version);
        if (ctx.keyChangePending.contains(device)) {
            LOG.info(() -> device + " presented another identity key; it gets no key until the user decides");
            return false;
        }
        if (protocol.hasSession(device)) {
            return true;
        }
        return withBundle(pep, device, version, "no session; it gets no key",
                bundle -> protocol.buildSession(device, bundle));
    }

    /** What is done with a device's bundle; may find that the device shows another identity key. */
    private interface BundleUse {
        void accept(Bundle bundle) throws OmemoException;
    }

    /**
     * Fetches the device's bundle in its version and hands it to {@code use}; false when there is none or it cannot
     * be used ({@code failure} says so in the log), a changed identity key published as such.
     */
    private boolean withBundle(OmemoPepManager pep, DeviceAddress device, OmemoVersion version, String failure,
                               BundleUse use) throws InterruptedException, XmppStringprepException {
        try {
            Optional<BundleElement> bundle = pep.fetchBundle(jid(device.bareJid()), device.deviceId(),
                    version == OmemoVersion.V0_3);
            if (bundle.isEmpty()) {
                LOG.info(() -> "no " + version + " bundle for " + device + ": " + failure);
                return false;
            }
            use.accept(OmemoService.toBundle(bundle.get()));
            return true;
        } catch (IdentityChangedException e) {
            LOG.warning(() -> device + ": " + e.getMessage() + "; " + failure);
            ctx.publish(OmemoDecryptor.identityChanged(account, e));
            return false;
        } catch (OmemoPepException | OmemoException | IllegalArgumentException e) {
            LOG.log(Level.INFO, device + ": " + failure, e);
            return false;
        }
    }
}
