package org.sotto.core.api.chat;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.sotto.core.api.file.Attachment;

/**
 * One message of a conversation, as stored and shown. Immutable; changes (status, correction, reactions,
 * retraction) produce a copy with the same {@code key}.
 *
 * @param key         local identity assigned by Sotto (UUID); the persistence key
 * @param account     bare JID of the account
 * @param peer        bare JID of the conversation (contact, or room for group chats)
 * @param sender      who wrote it: a bare JID in 1:1 chats, {@code room@service/nick} in group chats
 * @param messageId   the stanza's {@code id} attribute (Sotto sets it equal to the origin-id)
 * @param originId    XEP-0359 origin-id given by the sender's client
 * @param archiveId   XEP-0359 stanza-id given by the archive (own server, or the room), used for MAM paging
 * @param replyToId   XEP-0461: the id of the message this one answers
 * @param edited      XEP-0308: the body was corrected at least once
 * @param retracted   XEP-0424: the sender retracted it (the body is then empty)
 * @param reactions   XEP-0444: reactor (bare JID or occupant JID) → the emojis they chose
 * @param truncated   the received body was longer than {@link #MAX_BODY_CHARS} and {@code body} is its beginning
 * @param attachment  the file the message shares (XEP-0454), read with the message; its body is then empty (the
 *                    body on the wire is the file's URL with its key, which never leaves core)
 * @param undecryptable why a received message could not be decrypted; present only when {@code encryption} is
 *                    UNDECRYPTABLE (its {@code body} is then empty: never the sender's fallback text)
 * @param failure     why a sent message was not delivered; present only when {@code status} is FAILED (a message
 *                    that failed before this was recorded has none)
 * @param senderDevice the OMEMO device that encrypted a received message (also of an undecryptable one); empty for
 *                    plaintext, for sent messages and for messages stored before this was recorded
 */
public record ChatMessage(String key, String account, String peer, ChatKind kind, Direction direction, String sender,
                          String body, Instant timestamp, Optional<String> messageId, Optional<String> originId,
                          Optional<String> archiveId, MessageStatus status, Encryption encryption,
                          Optional<String> replyToId, boolean edited, boolean retracted,
                          Map<String, Set<String>> reactions, boolean truncated, Optional<Attachment> attachment,
                          Optional<UndecryptableReason> undecryptable, Optional<SendFailure> failure,
                          Optional<Integer> senderDevice) {
    /** The longest body kept (and indexed for search): far above any chat message, far below what a server may pass on. */
    public static final int MAX_BODY_CHARS = 64 * 1024;

    public ChatMessage {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(originId, "originId");
        Objects.requireNonNull(archiveId, "archiveId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(replyToId, "replyToId");
        Objects.requireNonNull(attachment, "attachment");
        Objects.requireNonNull(undecryptable, "undecryptable");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(senderDevice, "senderDevice");
        if (encryption != Encryption.UNDECRYPTABLE) {
            undecryptable = Optional.empty();
        }
        if (status != MessageStatus.FAILED) {
            failure = Optional.empty();
        }
        TreeMap<String, Set<String>> copy = new TreeMap<>();
        reactions.forEach((who, emojis) -> {
            if (!emojis.isEmpty()) {
                copy.put(who, Set.copyOf(new TreeSet<>(emojis)));
            }
        });
        reactions = Map.copyOf(copy);
    }

    /** A message without its sending device. */
    public ChatMessage(String key, String account, String peer, ChatKind kind, Direction direction, String sender,
                       String body, Instant timestamp, Optional<String> messageId, Optional<String> originId,
                       Optional<String> archiveId, MessageStatus status, Encryption encryption,
                       Optional<String> replyToId, boolean edited, boolean retracted,
                       Map<String, Set<String>> reactions, boolean truncated, Optional<Attachment> attachment,
                       Optional<UndecryptableReason> undecryptable, Optional<SendFailure> failure) {
        this(key, account, peer, kind, direction, sender, body, timestamp, messageId, originId, archiveId, status,
                encryption, replyToId, edited, retracted, reactions, truncated, attachment, undecryptable, failure,
                Optional.empty());
    }

    /** A message without an undecryptable reason or a send failure. */
    public ChatMessage(String key, String account, String peer, ChatKind kind, Direction direction, String sender,
                       String body, Instant timestamp, Optional<String> messageId, Optional<String> originId,
                       Optional<String> archiveId, MessageStatus status, Encryption encryption,
                       Optional<String> replyToId, boolean edited, boolean retracted,
                       Map<String, Set<String>> reactions, boolean truncated, Optional<Attachment> attachment) {
        this(key, account, peer, kind, direction, sender, body, timestamp, messageId, originId, archiveId, status,
                encryption, replyToId, edited, retracted, reactions, truncated, attachment, Optional.empty(),
                Optional.empty());
    }

    /** A message without a file. */
    public ChatMessage(String key, String account, String peer, ChatKind kind, Direction direction, String sender,
                       String body, Instant timestamp, Optional<String> messageId, Optional<String> originId,
                       Optional<String> archiveId, MessageStatus status, Encryption encryption,
                       Optional<String> replyToId, boolean edited, boolean retracted,
                       Map<String, Set<String>> reactions, boolean truncated) {
        this(key, account, peer, kind, direction, sender, body, timestamp, messageId, originId, archiveId, status,
                encryption, replyToId, edited, retracted, reactions, truncated, Optional.empty());
    }

    /** A message with its whole body. */
    public ChatMessage(String key, String account, String peer, ChatKind kind, Direction direction, String sender,
                       String body, Instant timestamp, Optional<String> messageId, Optional<String> originId,
                       Optional<String> archiveId, MessageStatus status, Encryption encryption,
                       Optional<String> replyToId, boolean edited, boolean retracted,
                       Map<String, Set<String>> reactions) {
        this(key, account, peer, kind, direction, sender, body, timestamp, messageId, originId, archiveId, status,
                encryption, replyToId, edited, retracted, reactions, false);
    }

    /** The id other messages use to point at this one (receipts, markers, corrections, replies, reactions). */
    public Optional<String> referenceId() {
        return kind == ChatKind.GROUPCHAT ? archiveId.or(() -> messageId) : messageId.or(() -> originId);
    }

    /** An incoming message the user has not read yet: RECEIVED (DISPLAYED means read), not retracted. */
    public boolean unread() {
        return direction == Direction.INCOMING && status == MessageStatus.RECEIVED && !retracted;
    }

    public ChatMessage withStatus(MessageStatus next) {
        return new ChatMessage(key, account, peer, kind, direction, sender, body, timestamp, messageId, originId,
                archiveId, next, encryption, replyToId, edited, retracted, reactions, truncated, attachment,
                undecryptable, failure, senderDevice);
    }

    /** The same message with another encryption state (a message queued offline learns its state when encrypted). */
    public ChatMessage withEncryption(Encryption next) {
        return new ChatMessage(key, account, peer, kind, direction, sender, body, timestamp, messageId, originId,
                archiveId, status, next, replyToId, edited, retracted, reactions, truncated, attachment,
                undecryptable, failure, senderDevice);
    }

    /** The same message FAILED, with why. */
    public ChatMessage asFailed(SendFailure why) {
        return new ChatMessage(key, account, peer, kind, direction, sender, body, timestamp, messageId, originId,
                archiveId, MessageStatus.FAILED, encryption, replyToId, edited, retracted, reactions, truncated,
                attachment, undecryptable, Optional.of(why), senderDevice);
    }

    public ChatMessage withArchiveId(String id) {
        return new ChatMessage(key, account, peer, kind, direction, sender, body, timestamp, messageId, originId,
                Optional.of(id), status, encryption, replyToId, edited, retracted, reactions, truncated, attachment,
                undecryptable, failure, senderDevice);
    }

    public ChatMessage withCorrectedBody(String newBody) {
        return withCorrectedBody(newBody, encryption, false);
    }

    /**
     * A correction also brings its own encryption state (a plaintext correction of an encrypted message shows as
     * plaintext) and whether its body was cut.
     */
    public ChatMessage withCorrectedBody(String newBody, Encryption correctionEncryption, boolean bodyTruncated) {
        return new ChatMessage(key, account, peer, kind, direction, sender, newBody, timestamp, messageId, originId,
                archiveId, status, correctionEncryption, replyToId, true, retracted, reactions, bodyTruncated, attachment,
                Optional.empty(), failure, senderDevice);
    }

    public ChatMessage asRetracted() {
        return new ChatMessage(key, account, peer, kind, direction, sender, "", timestamp, messageId, originId,
                archiveId, status, encryption, replyToId, edited, true, reactions, false, Optional.empty(),
                undecryptable, failure, senderDevice);
    }

    public ChatMessage withReactions(String reactor, Set<String> emojis) {
        Map<String, Set<String>> next = new TreeMap<>(reactions);
        next.put(reactor, emojis);
        return new ChatMessage(key, account, peer, kind, direction, sender, body, timestamp, messageId, originId,
                archiveId, status, encryption, replyToId, edited, retracted, next, truncated, attachment, undecryptable, failure, senderDevice);
    }

    /** The same message with the file's current state. */
    public ChatMessage withAttachment(Optional<Attachment> file) {
        return new ChatMessage(key, account, peer, kind, direction, sender, body, timestamp, messageId, originId,
                archiveId, status, encryption, replyToId, edited, retracted, reactions, truncated, file,
                undecryptable, failure, senderDevice);
    }

    /** The same message, encrypted by this device of its sender. */
    public ChatMessage withSenderDevice(int deviceId) {
        return new ChatMessage(key, account, peer, kind, direction, sender, body, timestamp, messageId, originId,
                archiveId, status, encryption, replyToId, edited, retracted, reactions, truncated, attachment,
                undecryptable, failure, Optional.of(deviceId));
    }

    @Override
    public String toString() { // never the body: logs must not contain plaintext
        return "ChatMessage[" + key + " " + direction + " " + peer + " id=" + messageId.orElse("-") + " archive="
                + archiveId.orElse("-") + " " + status + (truncated ? " truncated" : "")
                + attachment.map(a -> " file " + a.state()).orElse("") + "]";
    }
}
