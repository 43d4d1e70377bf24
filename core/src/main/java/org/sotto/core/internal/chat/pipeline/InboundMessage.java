package org.sotto.core.internal.chat.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smackx.sid.element.OriginIdElement;

import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.chat.UndecryptableReason;
import org.sotto.core.api.event.SottoEvent;
import org.sotto.core.internal.xmpp.ReplyElement;

/** One received stanza on its way through the {@link InboundPipeline}; stages fill in what they learn. */
public final class InboundMessage {
    private static final Logger LOG = Logger.getLogger(InboundMessage.class.getName());
    /** Where the stanza came from; decides which origin is legitimate and what is done after storing. */
    public enum Source {
        /** Sent to this client directly. */
        LIVE,
        /** A XEP-0280 carbon copy wrapped by the account's server. */
        CARBON,
        /** A XEP-0313 result of catch-up after (re)connecting. */
        CATCH_UP,
        /** A XEP-0313 result of paging backwards for older history. */
        SCROLLBACK
    }

    Source source;
    final Message carrier;
    /** For archive results: the archive that was queried (the account's bare JID, or a room). */
    final Optional<String> queriedArchive;

    Message message;
    /** Set by the archive sync so archive pages keep their order although the archive stamps whole seconds. */
    Optional<Instant> orderedTimestamp = Optional.empty();
    /** History the user is not meant to be notified about (scrollback, first look at an archive): stored as read. */
    boolean readOnArrival;
    Optional<String> archiveId = Optional.empty();
    Instant timestamp;
    /** The stanza's own stamp (archive/delay or arrival), before archive results are re-spaced for the timeline. */
    Instant stanzaTimestamp;
    Direction direction;
    ChatKind kind = ChatKind.CHAT;
    String peer;
    String sender;
    Encryption encryption = Encryption.PLAINTEXT;
    Optional<String> body = Optional.empty();
    /** Set with UNDECRYPTABLE: why. */
    Optional<UndecryptableReason> undecryptable = Optional.empty();
    private Optional<Integer> senderDevice = Optional.empty();
    /** The body was cut to {@link ChatMessage#MAX_BODY_CHARS}. */
    boolean truncated;
    ChatMessage stored;
    boolean added;
    final List<SottoEvent> events = new ArrayList<>();
    /** The inbound journal entry of this stanza (-1: none), deleted together with storing it. */
    private long journalId = -1;
    /** When the stanza arrived (for a journal replay: when it was journaled); the stamp of stanzas without delay. */
    private Instant receivedAt = Instant.now();
    /** The stage that threw, if one did. */
    private String failedStage;
    private boolean storageFailed;

    private InboundMessage(Source source, Message carrier, Optional<String> queriedArchive) {
        this.source = Objects.requireNonNull(source);
        this.carrier = Objects.requireNonNull(carrier);
        this.queriedArchive = queriedArchive;
    }

    public static InboundMessage live(Message carrier) {
        return new InboundMessage(Source.LIVE, carrier, Optional.empty());
    }

    public static InboundMessage archived(Message carrier, String archive, boolean scrollback) {
        return new InboundMessage(scrollback ? Source.SCROLLBACK : Source.CATCH_UP, carrier, Optional.of(archive));
    }

    /** Overrides the stamp of an archive result with one that keeps the archive's order (see {@code ArchiveOrder}). */
    public InboundMessage withOrderedTimestamp(Instant timestamp) {
        this.orderedTimestamp = Optional.of(timestamp);
        return this;
    }

    /** Marks the stanza as written to the inbound journal under {@code id}. */
    public InboundMessage withJournalId(long id) {
        this.journalId = id;
        return this;
    }

    /** The inbound journal entry of this stanza, or -1. */
    public long journalId() {
        return journalId;
    }

    /** Sets when the stanza arrived (a replayed journal entry arrived before the crash, not now). */
    public InboundMessage withReceivedAt(Instant arrived) {
        this.receivedAt = Objects.requireNonNull(arrived);
        return this;
    }

    Instant receivedAt() {
        return receivedAt;
    }

    void failedIn(String stage) {
        failedIn(stage, false);
    }

    void failedIn(String stage, boolean storageFailed) {
        this.failedStage = stage;
        this.storageFailed = storageFailed;
    }

    /** The name of the stage that threw while processing this message, if one did. */
    public Optional<String> failedStage() {
        return Optional.ofNullable(failedStage);
    }

    /**
     * Whether the message could not be written: "store" threw, or another stage met a storage failure (e.g. the OMEMO
     * stage writing the session). It must not count as handled.
     */
    public boolean storeFailed() {
        return "store".equals(failedStage) || storageFailed;
    }

    /**
     * Marks an archive result as old history: a new incoming message is stored as read (DISPLAYED). Scrollback
     * results are always old history; catch-up results only on the first look at an archive (no known position),
     * whereas what arrived after a known position was missed while offline and counts as unread.
     */
    public InboundMessage asReadHistory() {
        this.readOnArrival = true;
        return this;
    }

    public Source source() {
        return source;
    }

    public boolean fromArchive() {
        return source == Source.CATCH_UP || source == Source.SCROLLBACK;
    }

    /** The message as it would be stored if new; only meaningful after the origin stage. */
    ChatMessage candidate(String account) {
        OriginIdElement origin = OriginIdElement.getOriginId(message);
        ReplyElement reply = ReplyElement.from(message);
        return new ChatMessage(UUID.randomUUID().toString(), account, peer, kind, direction, sender, body.orElse(""),
                timestamp, Optional.ofNullable(message.getStanzaId()),
                Optional.ofNullable(origin).map(OriginIdElement::getId), archiveId,
                direction == Direction.OUTGOING ? MessageStatus.SENT
                        : readOnArrival || source == Source.SCROLLBACK ? MessageStatus.DISPLAYED : MessageStatus.RECEIVED,
                encryption,
                Optional.ofNullable(reply).map(ReplyElement::id), false, false, Map.of(), truncated, Optional.empty(),
                undecryptable, Optional.empty(), senderDevice);
    }

    /** The (unwrapped) message; meaningful after the origin stage. */
    public Message message() {
        return message;
    }

    public Direction direction() {
        return direction;
    }

    public ChatKind chatKind() {
        return kind;
    }

    /** The conversation's bare JID. */
    public String peer() {
        return peer;
    }

    /** Bare JID of the sender in 1:1 chats, occupant JID in rooms. */
    public String sender() {
        return sender;
    }

    public Instant timestamp() {
        return timestamp;
    }

    /**
     * When the stanza says it was sent (archive or delay stamp, else arrival): for checks against the sender's
     * clock, e.g. the SCE time of OMEMO 2. {@link #timestamp()} may be moved (see ArchiveOrder) to keep the
     * archive's order in the timeline.
     */
    public Instant stanzaTimestamp() {
        return stanzaTimestamp != null ? stanzaTimestamp : timestamp;
    }

    /**
     * Set by the decrypt stage: the message could not be decrypted, for this reason. It is stored UNDECRYPTABLE with
     * an empty body (never the sender's fallback text) and the reason beside it.
     */
    public void undecryptable(UndecryptableReason reason) {
        decrypted(Encryption.UNDECRYPTABLE, "");
        this.undecryptable = Optional.of(reason);
    }

    /** Set by the decrypt stage: the OMEMO device the message is encrypted by. */
    public void senderDevice(int deviceId) {
        this.senderDevice = Optional.of(deviceId);
    }

    /** Set by the decrypt stage: the state and the text to store (UNDECRYPTABLE goes through {@link #undecryptable}). */
    public void decrypted(Encryption encryption, String body) {
        this.encryption = Objects.requireNonNull(encryption);
        this.truncated = body.length() > ChatMessage.MAX_BODY_CHARS;
        if (truncated) {
            int length = body.length();
            LOG.info(() -> this + ": a body of " + length + " characters, kept the first " + ChatMessage.MAX_BODY_CHARS);
            int end = ChatMessage.MAX_BODY_CHARS;
            this.body = Optional.of(body.substring(0, Character.isHighSurrogate(body.charAt(end - 1)) ? end - 1 : end));
        } else {
            this.body = Optional.of(body);
        }
    }

    /**
     * Set by the decrypt stage: protected elements from the encrypted payload (e.g. XEP-0444 reactions, XEP-0461
     * replies inside an OMEMO 2 envelope), which the later stages then see as part of the message.
     */
    public void decryptedContent(List<? extends ExtensionElement> elements) {
        if (!elements.isEmpty()) {
            message = message.asBuilder().addExtensions(elements).build();
        }
    }

    /** Whether the store stage added a new entry to the log (rather than updating one or nothing). */
    public boolean added() {
        return added;
    }

    /** The stored message this stanza created or changed, once the store stage ran. */
    public Optional<ChatMessage> stored() {
        return Optional.ofNullable(stored);
    }

    @Override
    public String toString() {
        return "InboundMessage[" + source + " id=" + carrier.getStanzaId() + " from=" + carrier.getFrom() + "]";
    }
}
