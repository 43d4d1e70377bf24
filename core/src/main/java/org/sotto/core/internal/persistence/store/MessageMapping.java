package org.sotto.core.internal.persistence.store;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.chat.SendFailure;
import org.sotto.core.api.chat.UndecryptableReason;
import org.sotto.core.api.file.Attachment;
import org.sotto.core.api.file.FileException;
import org.sotto.core.api.file.TransferState;
import org.sotto.core.internal.files.SharedFile;
import org.sotto.store.Conversation;
import org.sotto.store.ConversationKind;
import org.sotto.store.Delivery;
import org.sotto.store.Message;
import org.sotto.store.MessageEncryption;

/** Core's {@link ChatMessage} and the store's message row, both ways. */
final class MessageMapping {
    private MessageMapping() {
    }

    /**
     * The row for {@code m}. With {@code stored} (an update) the correction and retraction times already recorded
     * are kept; a newly edited or retracted message gets the current time.
     */
    static Message toStore(long conversationId, ChatMessage m, Message stored) {
        Instant now = Instant.now();
        Message.Builder row = Message.builder(conversationId, direction(m.direction()), senderKey(m), m.timestamp())
                .key(m.key())
                .stanzaId(m.messageId().orElse(null))
                .originId(m.originId().orElse(null))
                .archiveId(m.archiveId().orElse(null), m.archiveId().isPresent() ? archiveBy(m) : null)
                .receivedAt(now)
                .encryption(MessageEncryption.valueOf(m.encryption().name()),
                        m.undecryptable().map(Enum::name).orElse(null))
                .sendFailure(m.failure().map(Enum::name).orElse(null))
                .senderDevice(m.senderDevice().orElse(null))
                // a retracted message keeps no body, not even in the search index
                .body(m.retracted() ? null : m.body())
                .bodyTruncated(m.truncated() && !m.retracted())
                .replyTo(m.replyToId().orElse(null), null)
                .delivery(delivery(m.status()))
                .read(!m.unread()); // is_read backs the unread counts
        if (m.edited()) {
            row.editedAt(stored != null && stored.editedAt() != null ? stored.editedAt() : now);
        }
        if (m.retracted()) {
            row.retractedAt(stored != null && stored.retractedAt() != null ? stored.retractedAt() : now);
        }
        return row.build();
    }

    static ChatMessage toChat(String account, Conversation conversation, Message m, Map<String, Set<String>> reactions) {
        return toChat(account, conversation, m, reactions, null);
    }

    /**
     * With the message's attachment row (or null): a message that shares a file shows the file, and an empty body
     * (older rows hold the file's URL with its key in the body; it never leaves core).
     */
    static ChatMessage toChat(String account, Conversation conversation, Message m, Map<String, Set<String>> reactions,
                              org.sotto.store.Attachment file) {
        return toChat(account, conversation.peerJid(), conversation.kind(), m, reactions, file);
    }

    /** The same, for a conversation known by its peer and kind (a chat list reads no more of it). */
    static ChatMessage toChat(String account, String peer, ConversationKind conversationKind, Message m,
                              Map<String, Set<String>> reactions, org.sotto.store.Attachment file) {
        boolean shares = file != null && m.retractedAt() == null;
        String key = m.key() == null ? "row-" + m.id() : m.key();
        ChatKind kind = conversationKind == ConversationKind.GROUP ? ChatKind.GROUPCHAT : ChatKind.CHAT;
        return new ChatMessage(key, account, peer, kind,
                m.direction() == org.sotto.store.Direction.INCOMING ? Direction.INCOMING : Direction.OUTGOING,
                m.senderJid(), m.body() == null || shares ? "" : m.body(), m.sentAt(), Optional.ofNullable(m.stanzaId()),
                Optional.ofNullable(m.originId()), Optional.ofNullable(m.archiveId()), status(m.delivery()),
                Encryption.valueOf(m.encryption().name()), Optional.ofNullable(m.replyToId()), m.editedAt() != null,
                m.retractedAt() != null, reactions, m.bodyTruncated() && !shares,
                shares ? Optional.of(attachment(key, file)) : Optional.empty(),
                named(UndecryptableReason.class, m.encryptionReason()), named(SendFailure.class, m.sendFailure()),
                Optional.ofNullable(m.senderDevice()));
    }

    /** A reason stored by name; empty for none, and for a name this version does not know. */
    private static <E extends Enum<E>> Optional<E> named(Class<E> type, String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, name));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    private static Attachment attachment(String messageKey, org.sotto.store.Attachment a) {
        String name = a.fileName() == null ? "file" : a.fileName();
        return new Attachment(messageKey, name, Optional.ofNullable(a.size()),
                a.mediaType() == null ? SharedFile.mediaType(name) : a.mediaType(), TransferState.valueOf(a.state().name()),
                Optional.ofNullable(a.failure()).map(FileException.Reason::valueOf));
    }

    /** The sender as de-duplication compares it: the occupant JID in rooms, the bare JID in chats. */
    static String senderKey(ChatMessage m) {
        if (m.kind() == ChatKind.GROUPCHAT) {
            return m.sender();
        }
        int slash = m.sender().indexOf('/');
        return slash < 0 ? m.sender() : m.sender().substring(0, slash);
    }

    /** Who assigned the archive id: the room in group chats, the account's own archive otherwise. */
    private static String archiveBy(ChatMessage m) {
        return m.kind() == ChatKind.GROUPCHAT ? m.peer() : m.account();
    }

    private static org.sotto.store.Direction direction(Direction direction) {
        return direction == Direction.INCOMING ? org.sotto.store.Direction.INCOMING : org.sotto.store.Direction.OUTGOING;
    }

    private static Delivery delivery(MessageStatus status) {
        return switch (status) {
            case PENDING -> Delivery.PENDING;
            case SENT -> Delivery.SENT;
            case DELIVERED -> Delivery.DELIVERED;
            case DISPLAYED -> Delivery.DISPLAYED;
            case FAILED -> Delivery.FAILED;
            case RECEIVED -> Delivery.RECEIVED;
        };
    }

    private static MessageStatus status(Delivery delivery) {
        return switch (delivery) {
            case PENDING -> MessageStatus.PENDING;
            case SENT, SERVER_ACKNOWLEDGED -> MessageStatus.SENT;
            case DELIVERED -> MessageStatus.DELIVERED;
            case DISPLAYED -> MessageStatus.DISPLAYED;
            case FAILED -> MessageStatus.FAILED;
            case RECEIVED -> MessageStatus.RECEIVED;
        };
    }
}
