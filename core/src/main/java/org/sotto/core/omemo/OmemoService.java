package org.sotto.core.omemo;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smackx.eme.element.ExplicitMessageEncryptionElement;
import org.jivesoftware.smackx.hints.element.StoreHint;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.sotto.core.chat.ChatKind;
import org.sotto.core.chat.Direction;
import org.sotto.core.chat.Encryption;
import org.sotto.core.chat.pipeline.InboundMessage;
import org.sotto.core.chat.pipeline.InboundStage;
import org.sotto.core.chat.pipeline.OutboundMessage;
import org.sotto.core.chat.pipeline.OutboundStage;
import org.sotto.core.omemo.element.BundleElement;
import org.sotto.core.omemo.element.DeviceListElement;
import org.sotto.core.omemo.element.EncryptedElement;
import org.sotto.core.omemo.element.OmemoNamespaces;
import org.sotto.core.omemo.element.RecipientKey;
import org.sotto.core.omemo.element.SceEnvelope;
import org.sotto.core.omemo.element.SceVerificationException;
import org.sotto.core.omemo.provider.OmemoProviders;
import org.sotto.core.omemo.provider.SceEnvelopeProvider;
import org.sotto.crypto.Bundle;
import org.sotto.crypto.DecryptedKey;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.DuplicateMessageException;
import org.sotto.crypto.EncryptedKey;
import org.sotto.crypto.EncryptedPayload;
import org.sotto.crypto.NoSessionException;
import org.sotto.crypto.OmemoException;
import org.sotto.crypto.OmemoProtocol;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.OwnDevices;
import org.sotto.crypto.PayloadEncryption;
import org.sotto.crypto.SendPlan;
import org.sotto.crypto.TrustLevel;
import org.sotto.crypto.TrustManager;
import org.sotto.crypto.TrustRecord;
import org.sotto.crypto.omemo03.Omemo03Protocol;
import org.sotto.crypto.omemo2.Omemo2Protocol;
import org.sotto.crypto.spi.OmemoStore;
import org.sotto.crypto.spi.OwnIdentity;

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
    private final OmemoStore store;
    private final Set<OmemoVersion> versions;
    private final Map<OmemoVersion, OmemoProtocol> protocols = new EnumMap<>(OmemoVersion.class);
    private final TrustManager trust;
    private final Supplier<Optional<? extends XMPPConnection>> connection;
    private final Executor worker;
    private final Set<String> plaintextChats = ConcurrentHashMap.newKeySet();
    private final org.sotto.core.persistence.EncryptionChoices choices;
    private final SecureRandom random = new SecureRandom();
    /** Devices this session already tried to repair, so a broken session costs one key transport, not one per message. */
    private final Set<DeviceAddress> repaired = ConcurrentHashMap.newKeySet();

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
                        org.sotto.core.persistence.EncryptionChoices choices) {
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("OMEMO needs at least one version");
        }
        this.account = account;
        this.store = store;
        this.versions = EnumSet.copyOf(versions);
        this.connection = connection;
        this.worker = worker;
        this.trust = new TrustManager(store);
        this.choices = choices;
        if (choices != null) {
            plaintextChats.addAll(choices.plaintextChats(account));
        }
        OmemoProviders.register();
        // the device id is random (31 bits); a collision with another device of the account is not checked yet
        OwnIdentity own = OwnDevices.loadOrCreate(store, List.of());
        try {
            if (this.versions.contains(OmemoVersion.V2)) {
                protocols.put(OmemoVersion.V2, new Omemo2Protocol(account, own, store));
            }
            if (this.versions.contains(OmemoVersion.V0_3)) {
                protocols.put(OmemoVersion.V0_3, new Omemo03Protocol(account, own, store));
            }
        } catch (OmemoException e) {
            throw new IllegalStateException("the stored OMEMO identity is unusable: " + e.getMessage(), e);
        }
    }

    public int ownDeviceId() {
        return protocols.values().iterator().next().ownDevice().deviceId();
    }

    public Set<OmemoVersion> versions() {
        return Set.copyOf(versions);
    }

    public TrustManager trust() {
        return trust;
    }

    /** This device's identity fingerprint (the same for both versions: the Curve25519 form of the identity key). */
    public org.sotto.crypto.Fingerprint ownFingerprint() throws OmemoException {
        return protocols.values().iterator().next().ownBundle().identityFingerprint();
    }

    /**
     * The devices {@code owner} publishes now, each with its identity and trust: fetches the device lists, and the
     * bundles of devices without a session (which records a device's identity when first seen). This device is
     * left out. Runs on the account's worker, where the sessions are used.
     */
    public java.util.concurrent.CompletableFuture<List<TrustRecord>> devices(String owner) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                XMPPConnection xmpp = connection.get().orElseThrow(() -> new OmemoSendException(
                        OmemoSendException.Reason.NOT_CONNECTED, "not connected: OMEMO devices cannot be fetched now"));
                OmemoPepManager pep = OmemoPepManager.getInstanceFor(xmpp);
                List<TrustRecord> records = new ArrayList<>();
                for (Map.Entry<DeviceAddress, OmemoVersion> device : devicesOf(pep, owner).entrySet()) {
                    if (!isOwnDevice(device.getKey()) && ensureSession(pep, device.getKey(), device.getValue())) {
                        trust.trust(device.getKey()).ifPresent(records::add);
                    }
                }
                return records;
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
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
    }

    public boolean isPlaintext(String peer) {
        return plaintextChats.contains(peer);
    }

    /** To call when a connection is created, before login: hears device list pushes (also advertises +notify). */
    public void install(XMPPConnection connection) {
        OmemoPepManager.getInstanceFor(connection).addDeviceListListener((from, list) -> {
            if (from.asBareJid().toString().equals(account) && !list.deviceIds().contains(ownDeviceId())
                    && versions.contains(version(list))) {
                worker.execute(() -> republishList(connection, list));
            }
        });
    }

    /** After a (non-resumed) login: this device in the device lists (keeping the others) and its bundles. */
    public void publishOwnDevice(XMPPConnection connection)
            throws OmemoPepException, InterruptedException, OmemoException, XmppStringprepException {
        OmemoPepManager pep = OmemoPepManager.getInstanceFor(connection);
        BareJid own = jid(account);
        for (OmemoProtocol protocol : protocols.values()) {
            boolean legacy = protocol.version() == OmemoVersion.V0_3;
            protocol.maintainBundle();
            pep.publishBundle(ownDeviceId(), toElement(protocol.ownBundle()));
            DeviceListElement list = pep.fetchDeviceList(own, legacy);
            if (!list.deviceIds().contains(ownDeviceId())) {
                pep.publishDeviceList(withOwnDevice(list));
            }
        }
    }

    private void republishList(XMPPConnection connection, DeviceListElement list) {
        try {
            OmemoPepManager.getInstanceFor(connection).publishDeviceList(withOwnDevice(list));
        } catch (OmemoPepException e) {
            LOG.log(Level.WARNING, "could not add this device back to the device list", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private DeviceListElement withOwnDevice(DeviceListElement list) {
        if (list.isLegacy()) {
            List<Integer> ids = new ArrayList<>(list.deviceIds());
            ids.add(ownDeviceId());
            return DeviceListElement.legacy(ids);
        }
        List<DeviceListElement.Device> devices = new ArrayList<>(list.devices());
        devices.add(DeviceListElement.Device.of(ownDeviceId()));
        return DeviceListElement.v2(devices);
    }

    // ---------------------------------------------------------------- sending

    /** The outbound stage named "encrypt". */
    public OutboundStage encryptStage() {
        return this::encrypt;
    }

    private boolean encrypt(OutboundMessage m) throws Exception {
        boolean hasText = m.kind() == OutboundMessage.Kind.TEXT || m.kind() == OutboundMessage.Kind.CORRECTION;
        if (!hasText || isPlaintext(m.peer())) {
            // reactions, retractions, markers and chat states stay outside in this version
            m.encryption(Encryption.PLAINTEXT);
            return true;
        }
        if (m.chatKind() != ChatKind.CHAT) {
            // never silent plaintext: until rooms speak OMEMO, a room message goes out only by the user's choice
            throw new OmemoSendException(OmemoSendException.Reason.GROUP_CHAT_NOT_SUPPORTED, "OMEMO in group chats "
                    + "is not supported yet; the message to " + m.peer() + " was not sent (choose plaintext for this "
                    + "room to send it unencrypted)");
        }
        XMPPConnection xmpp = connection.get().orElseThrow(() -> new OmemoSendException(
                OmemoSendException.Reason.NOT_CONNECTED, "not connected: the contact's OMEMO devices cannot be fetched now"));
        OmemoPepManager pep = OmemoPepManager.getInstanceFor(xmpp);
        Map<DeviceAddress, OmemoVersion> contactDevices = devicesOf(pep, m.peer());
        contactDevices.keySet().removeIf(this::isOwnDevice); // a note to self goes to the own other devices only
        if (contactDevices.isEmpty()) {
            throw new OmemoSendException(OmemoSendException.Reason.NO_DEVICES, m.peer()
                    + " publishes no OMEMO device; the message was not sent (choose plaintext for this chat to send it unencrypted)");
        }
        Map<DeviceAddress, OmemoVersion> ownDevices = devicesOf(pep, account);
        ownDevices.keySet().removeIf(this::isOwnDevice);
        Map<DeviceAddress, OmemoVersion> all = new LinkedHashMap<>(contactDevices);
        all.putAll(ownDevices);
        List<DeviceAddress> withSession = new ArrayList<>();
        for (Map.Entry<DeviceAddress, OmemoVersion> device : all.entrySet()) {
            if (ensureSession(pep, device.getKey(), device.getValue())) {
                withSession.add(device.getKey());
            }
        }
        SendPlan plan = trust.planSend(withSession);
        if (!plan.blocking().isEmpty()) {
            throw new OmemoSendException(OmemoSendException.Reason.UNDECIDED_DEVICES,
                    "new devices need your decision before the message can be sent: " + plan.blocking(),
                    plan.blocking(), null);
        }
        List<DeviceAddress> recipients = plan.recipients();
        if (recipients.stream().noneMatch(d -> d.bareJid().equals(m.peer()))) {
            throw new OmemoSendException(OmemoSendException.Reason.NO_USABLE_DEVICES, "none of the devices of "
                    + m.peer() + " can receive the message (no bundle, or distrusted)", List.copyOf(contactDevices.keySet()), null);
        }
        MessageBuilder builder = m.builder();
        EnumSet<OmemoVersion> used = EnumSet.noneOf(OmemoVersion.class);
        for (OmemoVersion version : versions) {
            List<DeviceAddress> forVersion = recipients.stream().filter(d -> all.get(d) == version).toList();
            if (forVersion.isEmpty()) {
                continue;
            }
            builder.addExtension(encryptFor(version, forVersion, m));
            used.add(version);
        }
        builder.removeExtension(Message.Body.ELEMENT, Message.Body.NAMESPACE); // the plaintext never leaves
        builder.setBody(FALLBACK_BODY);
        builder.addExtension(StoreHint.INSTANCE);
        String emeNamespace = used.contains(OmemoVersion.V2) ? OmemoNamespaces.V2 : OmemoNamespaces.LEGACY;
        builder.addExtension(new ExplicitMessageEncryptionElement(emeNamespace, "OMEMO"));
        boolean allVerified = recipients.stream().allMatch(d -> trust.trust(d).map(TrustRecord::level)
                .orElse(TrustLevel.UNDECIDED) == TrustLevel.VERIFIED);
        m.encryption(allVerified ? Encryption.E2EE_VERIFIED : Encryption.E2EE_TRUSTED);
        return true;
    }

    private boolean isOwnDevice(DeviceAddress device) {
        return device.bareJid().equals(account) && device.deviceId() == ownDeviceId();
    }

    /** The ratchet writes happen inside encryptKey, before the stanza is stored and sent. */
    private ExtensionElement encryptFor(OmemoVersion version, List<DeviceAddress> devices, OutboundMessage m)
            throws OmemoException, XmppStringprepException {
        OmemoProtocol protocol = protocols.get(version);
        byte[] plaintext = version == OmemoVersion.V2
                ? SceEnvelope.forMessage(m.body(), List.of(), jid(account), jid(m.peer()), Instant.now(), random).toBytes()
                : m.body().getBytes(StandardCharsets.UTF_8);
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

    /** The devices of an account with the version each gets: OMEMO 2 when listed there, else 0.3. */
    private Map<DeviceAddress, OmemoVersion> devicesOf(OmemoPepManager pep, String owner)
            throws OmemoPepException, InterruptedException, XmppStringprepException {
        Map<DeviceAddress, OmemoVersion> devices = new LinkedHashMap<>();
        BareJid jid = jid(owner);
        if (versions.contains(OmemoVersion.V2)) {
            for (int id : pep.fetchDeviceList(jid, false).deviceIds()) {
                devices.put(new DeviceAddress(owner, id), OmemoVersion.V2);
            }
        }
        if (versions.contains(OmemoVersion.V0_3)) {
            for (int id : pep.fetchDeviceList(jid, true).deviceIds()) {
                devices.putIfAbsent(new DeviceAddress(owner, id), OmemoVersion.V0_3);
            }
        }
        return devices;
    }

    /** A session in the device's version, built from its bundle when missing; false when that is impossible. */
    private boolean ensureSession(OmemoPepManager pep, DeviceAddress device, OmemoVersion version)
            throws InterruptedException, XmppStringprepException {
        OmemoProtocol protocol = protocols.get(version);
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

    // ---------------------------------------------------------------- receiving

    /** The inbound stage named "decrypt". */
    public InboundStage decryptStage() {
        return this::decrypt;
    }

    private boolean decrypt(InboundMessage m) throws Exception {
        Message message = m.message();
        EncryptedElement v2 = encrypted(message, OmemoNamespaces.V2);
        EncryptedElement legacy = encrypted(message, OmemoNamespaces.LEGACY);
        if (v2 == null && legacy == null) {
            // plaintext, in any chat: marked as plaintext, whatever the chat used before
            m.decrypted(Encryption.PLAINTEXT, Optional.ofNullable(message.getBody()).orElse(""));
            return true;
        }
        if (m.chatKind() != ChatKind.CHAT) {
            m.decrypted(Encryption.UNDECRYPTABLE, UndecryptableReason.GROUP_CHAT.text());
            return true;
        }
        // prefer the version that has a key for this device
        EncryptedElement chosen = null;
        for (EncryptedElement candidate : new EncryptedElement[] {v2, legacy}) {
            if (candidate != null && protocols.containsKey(version(candidate))
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
            m.decrypted(Encryption.UNDECRYPTABLE, (speaksAny ? UndecryptableReason.NOT_FOR_THIS_DEVICE
                    : UndecryptableReason.UNSUPPORTED_VERSION).text());
            return true;
        }
        OmemoVersion version = version(chosen);
        OmemoProtocol protocol = protocols.get(version);
        String senderAccount = m.direction() == Direction.OUTGOING ? account : m.sender();
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
                org.sotto.core.persistence.UnitOfWork.afterCommit(() -> sendKeyTransport(version, sender, true));
            }
            m.decrypted(Encryption.UNDECRYPTABLE, UndecryptableReason.NO_SESSION.text());
            return true;
        } catch (OmemoException e) {
            LOG.log(Level.INFO, "a message key from " + sender + " failed", e);
            m.decrypted(Encryption.UNDECRYPTABLE, UndecryptableReason.KEY_FAILED_TO_VERIFY.text());
            return true;
        }
        // network effects wait for the commit of the unit of work that stores the message (and the ratchet state)
        // (once per unit: a catch-up page of a peer's repeated key exchanges gets one answer, not one per message)
        if (decryptedKey.newSession()) {
            org.sotto.core.persistence.UnitOfWork.afterCommitOnce(List.of("republish", version),
                    () -> republishBundle(protocol));
        }
        if (decryptedKey.sendKeyTransport()) {
            // confirms a new session (or a due heartbeat)
            org.sotto.core.persistence.UnitOfWork.afterCommitOnce(List.of("key transport", version, sender),
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
                BareJid stanzaFrom = message.getFrom() == null ? jid(senderAccount) : message.getFrom().asBareJid();
                BareJid stanzaTo = message.getTo() == null ? jid(account) : message.getTo().asBareJid();
                envelope.verify(stanzaFrom, stanzaTo, false, m.stanzaTimestamp(), TIME_TOLERANCE);
                body = envelope.body().orElse("");
            } else {
                body = new String(plaintext, StandardCharsets.UTF_8);
            }
        } catch (SceVerificationException e) {
            LOG.info(() -> "OMEMO 2 envelope from " + sender + " refused: " + e.getMessage());
            m.decrypted(Encryption.UNDECRYPTABLE, UndecryptableReason.ENVELOPE_MISMATCH.text());
            return true;
        } catch (OmemoException | org.jivesoftware.smack.parsing.SmackParsingException e) {
            LOG.log(Level.INFO, "the payload from " + sender + " failed", e);
            m.decrypted(Encryption.UNDECRYPTABLE, UndecryptableReason.KEY_FAILED_TO_VERIFY.text());
            return true;
        }
        TrustLevel level = trust.trust(sender).map(TrustRecord::level).orElse(TrustLevel.UNDECIDED);
        m.decrypted(switch (level) {
            case VERIFIED -> Encryption.E2EE_VERIFIED;
            case TRUSTED_BLIND -> Encryption.E2EE_TRUSTED;
            case UNDECIDED, DISTRUSTED -> Encryption.E2EE_UNTRUSTED_DEVICES;
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
            OmemoProtocol protocol = protocols.get(version);
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
            xmpp.get().sendStanza(org.jivesoftware.smack.packet.StanzaBuilder.buildMessage()
                    .to(jid(device.bareJid())).ofType(Message.Type.chat)
                    .addExtension(element).addExtension(StoreHint.INSTANCE).build());
        } catch (OmemoException | OmemoPepException | XmppStringprepException | IllegalArgumentException
                 | org.jivesoftware.smack.SmackException.NotConnectedException e) {
            LOG.log(Level.INFO, "could not send an empty OMEMO message to " + device, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** XEP-0384: a used prekey is replaced and the bundle published again. */
    private void republishBundle(OmemoProtocol protocol) {
        try {
            protocol.maintainBundle();
            Optional<? extends XMPPConnection> xmpp = connection.get();
            if (xmpp.isPresent()) {
                OmemoPepManager.getInstanceFor(xmpp.get()).publishBundle(ownDeviceId(), toElement(protocol.ownBundle()));
            }
        } catch (OmemoException | OmemoPepException e) {
            LOG.log(Level.WARNING, "could not republish the bundle after a used prekey", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static EncryptedElement encrypted(Message message, String namespace) {
        ExtensionElement element = message.getExtension(EncryptedElement.ELEMENT, namespace);
        return element instanceof EncryptedElement e ? e : null;
    }

    private static OmemoVersion version(EncryptedElement element) {
        return element.isLegacy() ? OmemoVersion.V0_3 : OmemoVersion.V2;
    }

    private static OmemoVersion version(DeviceListElement list) {
        return list.isLegacy() ? OmemoVersion.V0_3 : OmemoVersion.V2;
    }

    // ---------------------------------------------------------------- conversions

    static BundleElement toElement(Bundle bundle) {
        return new BundleElement(bundle.version() == OmemoVersion.V0_3,
                new BundleElement.PreKey(bundle.signedPreKeyId(), bundle.signedPreKey()), bundle.signedPreKeySignature(),
                bundle.identityKey(), bundle.preKeys().stream()
                .map(k -> new BundleElement.PreKey(k.id(), k.publicKey())).toList());
    }

    static Bundle toBundle(BundleElement element) {
        return new Bundle(element.isLegacy() ? OmemoVersion.V0_3 : OmemoVersion.V2, element.signedPreKey().id(),
                element.signedPreKey().publicKey(), element.signedPreKeySignature(), element.identityKey(),
                element.preKeys().stream().map(k -> new Bundle.PreKey(k.id(), k.publicKey())).toList());
    }

    private static EntityBareJid jid(String bare) throws XmppStringprepException {
        return JidCreate.entityBareFrom(bare);
    }
}
