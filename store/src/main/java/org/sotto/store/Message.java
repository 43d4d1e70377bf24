package org.sotto.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored message, or a bookkeeping row (a correction, reaction or retraction: {@code refKind} set) that
 * refers to another message by its wire id. Build new ones with {@link #builder}; {@code id} is 0 until stored.
 *
 * @param stanzaId  the {@code id} attribute of the message stanza
 * @param originId  XEP-0359 origin-id (set by the sender)
 * @param archiveId XEP-0359 stanza-id by {@code archiveBy} (the MAM archive id)
 * @param sentAt    the time that orders the timeline (delay stamp, or arrival); kept to the nanosecond
 * @param key       core's local identity of the message (a UUID), or null for rows written without one
 * @param bodyTruncated the body was longer than core keeps and is stored cut
 * @param encryptionReason why it is UNDECRYPTABLE (core's reason name), or null
 * @param sendFailure   why a sent message FAILED (core's reason name), or null
 */
public record Message(long id, long conversationId, Direction direction, String senderJid, Integer senderDevice,
                      String stanzaId, String originId, String archiveId, String archiveBy, Instant sentAt,
                      Instant receivedAt, MessageEncryption encryption, String encryptionReason, String body,
                      ReferenceKind refKind, String refId, String replyToId, String replyToJid, Delivery delivery,
                      boolean read, Instant editedAt, Instant retractedAt, String key, boolean bodyTruncated,
                      String sendFailure) {

    public Message {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(senderJid, "senderJid");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(delivery, "delivery");
        if ((refKind == null) != (refId == null)) {
            throw new IllegalArgumentException("refKind and refId go together");
        }
    }

    public static Builder builder(long conversationId, Direction direction, String senderJid, Instant sentAt) {
        return new Builder(conversationId, direction, senderJid, sentAt);
    }

    @Override
    public String toString() {
        // never the body
        return "Message[id=" + id + ", conversation=" + conversationId + ", " + direction + ", " + encryption
                + (refKind == null ? "" : ", " + refKind) + ", " + delivery + "]";
    }

    /** Fluent construction of a new message; unset fields are null, delivery defaults by direction. */
    public static final class Builder {
        private final long conversationId;
        private final Direction direction;
        private final String senderJid;
        private final Instant sentAt;
        private Integer senderDevice;
        private String stanzaId;
        private String originId;
        private String archiveId;
        private String archiveBy;
        private Instant receivedAt;
        private MessageEncryption encryption = MessageEncryption.PLAINTEXT;
        private String encryptionReason;
        private String body;
        private ReferenceKind refKind;
        private String refId;
        private String replyToId;
        private String replyToJid;
        private Delivery delivery;
        private boolean read;
        private Instant editedAt;
        private Instant retractedAt;
        private String key;
        private boolean bodyTruncated;
        private String sendFailure;

        private Builder(long conversationId, Direction direction, String senderJid, Instant sentAt) {
            this.conversationId = conversationId;
            this.direction = direction;
            this.senderJid = senderJid;
            this.sentAt = sentAt;
        }

        public Builder senderDevice(Integer device) {
            this.senderDevice = device;
            return this;
        }

        public Builder stanzaId(String id) {
            this.stanzaId = id;
            return this;
        }

        public Builder originId(String id) {
            this.originId = id;
            return this;
        }

        public Builder archiveId(String id, String by) {
            this.archiveId = id;
            this.archiveBy = by;
            return this;
        }

        public Builder receivedAt(Instant at) {
            this.receivedAt = at;
            return this;
        }

        public Builder encryption(MessageEncryption state, String reason) {
            this.encryption = state;
            this.encryptionReason = reason;
            return this;
        }

        public Builder encryption(MessageEncryption state) {
            return encryption(state, null);
        }

        public Builder body(String text) {
            this.body = text;
            return this;
        }

        /** Makes this a correction/reaction/retraction row referring to the message with wire id {@code id}. */
        public Builder refersTo(ReferenceKind kind, String id) {
            this.refKind = kind;
            this.refId = id;
            return this;
        }

        public Builder replyTo(String id, String jid) {
            this.replyToId = id;
            this.replyToJid = jid;
            return this;
        }

        public Builder delivery(Delivery state) {
            this.delivery = state;
            return this;
        }

        public Builder read(boolean isRead) {
            this.read = isRead;
            return this;
        }

        /** XEP-0308: when the body was last corrected. */
        public Builder editedAt(Instant at) {
            this.editedAt = at;
            return this;
        }

        /** XEP-0424: when the sender retracted it. */
        public Builder retractedAt(Instant at) {
            this.retractedAt = at;
            return this;
        }

        /** Core's local identity of the message (unique in the profile). */
        public Builder key(String localKey) {
            this.key = localKey;
            return this;
        }

        /** The body is a cut version of a longer one. */
        public Builder bodyTruncated(boolean truncated) {
            this.bodyTruncated = truncated;
            return this;
        }

        /** Why the sent message failed (with delivery FAILED). */
        public Builder sendFailure(String reason) {
            this.sendFailure = reason;
            return this;
        }

        public Message build() {
            Delivery state = delivery != null ? delivery
                    : direction == Direction.INCOMING ? Delivery.RECEIVED : Delivery.PENDING;
            return new Message(0, conversationId, direction, senderJid, senderDevice, stanzaId, originId, archiveId,
                    archiveBy, sentAt, receivedAt == null ? sentAt : receivedAt, encryption, encryptionReason, body,
                    refKind, refId, replyToId, replyToJid, state, read || direction == Direction.OUTGOING, editedAt, retractedAt, key,
                    bodyTruncated, sendFailure);
        }
    }
}
