package org.sotto.core.internal.omemo;

import static org.sotto.core.internal.omemo.OmemoAccount.jid;
import static org.sotto.core.internal.omemo.OmemoAccount.version;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smackx.hints.element.StoreHint;

import org.jxmpp.jid.BareJid;
import org.jxmpp.stringprep.XmppStringprepException;

import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.UndecryptableReason;
import org.sotto.core.api.event.IdentityKeyChanged;
import org.sotto.core.internal.chat.pipeline.InboundMessage;
import org.sotto.core.internal.omemo.OmemoService.RoomSender;
import org.sotto.core.internal.omemo.element.BundleElement;
import org.sotto.core.internal.omemo.element.EncryptedElement;
import org.sotto.core.internal.omemo.element.MalformedEncryptedElement;
import org.sotto.core.internal.omemo.element.OmemoNamespaces;
import org.sotto.core.internal.omemo.element.RecipientKey;
import org.sotto.core.internal.omemo.element.SceEnvelope;
import org.sotto.core.internal.omemo.element.SceVerificationException;
import org.sotto.core.internal.omemo.element.TrustMessageElement;
import org.sotto.core.internal.omemo.provider.SceEnvelopeProvider;
import org.sotto.core.internal.persistence.Persistence;
import org.sotto.core.internal.persistence.UnitOfWork;
import org.sotto.core.internal.xmpp.MessageBodies;
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
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.PayloadEncryption;
import org.sotto.crypto.TrustLevel;
import org.sotto.crypto.TrustManager;
import org.sotto.crypto.TrustRecord;

/**
 * Incoming OMEMO for one account: the inbound stage "decrypt" (1:1 messages, and room messages for
 * {@code RoomEncryption}) and what a decryption asks of the network once its unit of work is committed: the
 * bundle republished after a used prekey, a key transport that confirms a new session, one session repair per
 * device after "no session". Account worker.
 */
final class OmemoDecryptor {
    private static final Logger LOG = Logger.getLogger(OmemoDecryptor.class.getName());
    /** How far the encrypted time of an OMEMO 2 message may be from the stanza's time. */
    private static final Duration TIME_TOLERANCE = Duration.ofMinutes(5);

    private final OmemoAccount ctx;
    private final String account;
    private final Set<OmemoVersion> versions;
    private final TrustManager trust;
    private final Supplier<Optional<? extends XMPPConnection>> connection;
    private final OwnDevicePublisher publisher;
    private final AutomaticTrust automaticTrust;
    /** Devices this session already tried to repair, so a broken session costs one key transport, not one per message. */
    private final Set<DeviceAddress> repaired = ConcurrentHashMap.newKeySet();

    OmemoDecryptor(OmemoAccount ctx, OwnDevicePublisher publisher, AutomaticTrust automaticTrust) {
        this.automaticTrust = automaticTrust;
        this.ctx = ctx;
        this.account = ctx.account;
        this.versions = ctx.versions;
        this.trust = ctx.trust;
        this.connection = ctx.connection;
        this.publisher = publisher;
    }

    private int ownDeviceId() {
        return ctx.ownDeviceId();
    }

    /** The decrypt stage's work on a 1:1 message. */
    boolean decrypt(InboundMessage m) throws Exception {
        return decrypt(m, null);
    }

    /** The decrypt stage's work on a room message ({@link OmemoService#decryptRoomMessage}). */
    boolean decryptRoomMessage(InboundMessage m, RoomSender sender) throws Exception {
        return decrypt(m, Objects.requireNonNull(sender));
    }

    /**
     * @param room the room message's sender (null for 1:1 messages). Whatever else fails on the sender's bytes makes
     * the message UNDECRYPTABLE (MALFORMED) instead of dropping it; a storage failure propagates, so the unit of
     * work rolls back and the message comes again (see {@link org.sotto.core.internal.persistence.Persistence#isStorageFailure}).
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
            if (legacy == null && !MessageBodies.present(message)) {
                // OMEMO 2 without a body for other devices only, e.g. a XEP-0450 trust message for the verified ones
                LOG.fine(() -> "an OMEMO 2 message without a body for other devices from " + m.sender() + " ignored");
                return false;
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
        m.senderDevice(sender.deviceId());
        RecipientKey key = chosen.keyFor(account, ownDeviceId()).orElseThrow();
        DecryptedKey decryptedKey;
        try {
            decryptedKey = protocol.decryptKey(sender, new EncryptedKey(key.deviceId(), key.data(), key.keyExchange()));
        } catch (DuplicateMessageException e) {
            LOG.info(() -> "ignored a replayed message from " + sender); // XEP-0384: a replay is ignored
            return false;
        } catch (NoSessionException e) {
            if (repaired.add(sender)) {
                // a new session, so that the sender's next messages decrypt; network: only after the commit
                UnitOfWork.afterCommit(() -> sendKeyTransport(version, sender, true));
            }
            if (chosen.isKeyTransport()) {
                LOG.info(() -> "an OMEMO key transport from " + sender + " without a session ignored");
                return false; // nothing the user wrote: no entry
            }
            m.undecryptable(UndecryptableReason.NO_SESSION);
            return true;
        } catch (IdentityChangedException e) {
            LOG.warning(() -> "refused a message from " + sender + ": " + e.getMessage());
            // the device gets nothing until the user decides (a reinstalled device could not read the old
            // session's messages), but its session stays: a forged message must not break a working one
            ctx.keyChangePending.add(sender);
            UnitOfWork.afterCommitOnce(List.of("identity changed", sender), () -> ctx.publish(identityChanged(e)));
            if (chosen.isKeyTransport()) {
                return false; // nothing the user wrote: the event alone tells
            }
            m.undecryptable(UndecryptableReason.IDENTITY_CHANGED);
            return true;
        } catch (OmemoException e) {
            if (chosen.isKeyTransport()) {
                // e.g. one from the archive again, after the session it belonged to was replaced: no entry for it
                LOG.info(() -> "an OMEMO key transport from " + sender + " failed and was ignored: " + e.getMessage());
                return false;
            }
            LOG.log(Level.INFO, "a message key from " + sender + " failed", e);
            m.undecryptable(UndecryptableReason.KEY_FAILED_TO_VERIFY);
            return true;
        }
        // it wrote with the key on record: whatever presented another key was not this device
        ctx.keyChangePending.remove(sender);
        // network effects wait for the commit of the unit of work that stores the message (and the ratchet state)
        // (once per unit: a catch-up page of a peer's repeated key exchanges gets one answer, not one per message)
        if (decryptedKey.newSession()) {
            UnitOfWork.afterCommitOnce(List.of("republish", version),
                    () -> publisher.republishBundle(protocol));
            UnitOfWork.afterCommitOnce(List.of("automatic trust"), automaticTrust::applyPending); // a key seen first
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
                Optional<TrustMessageElement> trustMessage = room == null
                        ? TrustMessageElement.from(envelope.content()) : Optional.empty();
                if (trustMessage.isPresent()) {
                    // XEP-0450: applied in the background once the unit commits, never shown
                    Fingerprint senderKey = decryptedKey.senderIdentity();
                    UnitOfWork.afterCommit(() -> automaticTrust.received(sender, senderKey, trustMessage.get()));
                    if (envelope.body().isEmpty()) {
                        return false;
                    }
                }
                body = envelope.body().orElse("");
                // protected reactions and replies count as part of the message; anything else inside is ignored
                m.decryptedContent(envelope.content().stream()
                        .filter(e -> OmemoEncryptor.PROTECTED_NAMESPACES.contains(e.getNamespace())).toList());
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

    static IdentityKeyChanged identityChanged(String account, IdentityChangedException e) {
        return new IdentityKeyChanged(account, e.device().bareJid(), e.device().deviceId(), e.known().display(),
                e.presented().display());
    }

    private IdentityKeyChanged identityChanged(IdentityChangedException e) {
        return identityChanged(ctx.account, e);
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
                protocol.buildSession(device, OmemoService.toBundle(bundle.get()));
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
}
