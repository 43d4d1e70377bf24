package org.sotto.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Messages: de-duplicating insert, timeline pages, state updates, corrections, reactions, full-text search. */
public final class MessageRepository {
    private static final String COLUMNS = "id, conversation_id, direction, sender_jid, sender_device, stanza_id, "
            + "origin_id, archive_id, archive_by, sent_at, received_at, encryption, encryption_reason, body, ref_kind, "
            + "ref_id, reply_to_id, reply_to_jid, delivery, is_read, edited_at, retracted_at, message_key, sent_at_ns, body_truncated, send_failure";
    private static final String M_COLUMNS = Arrays.stream(COLUMNS.split(", ")).map(c -> "m." + c)
            .collect(Collectors.joining(", "));
    private final Database db;

    MessageRepository(Database db) {
        this.db = db;
    }

    /**
     * Stores a message unless it is already there (same conversation and sender with the same origin id, or same
     * archive id from the same archive). Returns the row id and whether it was new, so core can drop duplicates
     * from carbons, MAM and reconnects.
     */
    public InsertResult insert(Message m) {
        return db.transaction(() -> {
            long id = db.insert("INSERT INTO message (conversation_id, direction, sender_jid, sender_device, stanza_id, "
                            + "origin_id, archive_id, archive_by, sent_at, sent_at_ns, received_at, encryption, "
                            + "encryption_reason, body, ref_kind, ref_id, reply_to_id, reply_to_jid, delivery, is_read, "
                            + "edited_at, retracted_at, message_key, body_truncated, send_failure) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            + "ON CONFLICT DO NOTHING",
                    m.conversationId(), m.direction(), m.senderJid(), m.senderDevice(), m.stanzaId(), m.originId(),
                    m.archiveId(), m.archiveBy(), m.sentAt(), subMillisNanos(m.sentAt()), m.receivedAt(), m.encryption(),
                    m.encryptionReason(), m.body(), m.refKind(), m.refId(), m.replyToId(), m.replyToJid(), m.delivery(),
                    m.read(), m.editedAt(), m.retractedAt(), m.key(), m.bodyTruncated(), m.sendFailure());
            if (id >= 0) {
                return new InsertResult(id, true);
            }
            return new InsertResult(existingDuplicate(m), false);
        });
    }

    /** The part of an instant below the millisecond (the Instant column itself holds epoch milliseconds). */
    private static long subMillisNanos(Instant at) {
        return at.getNano() % 1_000_000;
    }

    private long existingDuplicate(Message m) {
        Optional<Long> byOrigin = m.originId() == null ? Optional.empty()
                : db.first("SELECT id FROM message WHERE conversation_id = ? AND sender_jid = ? AND origin_id = ?",
                        r -> r.getLong(1), m.conversationId(), m.senderJid(), m.originId());
        return byOrigin.or(() -> m.archiveId() == null ? Optional.empty()
                        : db.first("SELECT id FROM message WHERE conversation_id = ? AND archive_by IS ? AND archive_id = ?",
                                r -> r.getLong(1), m.conversationId(), m.archiveBy(), m.archiveId()))
                .orElseThrow(() -> new StoreException("The message was rejected by a constraint other than a duplicate"));
    }

    public Optional<Message> get(long id) {
        return db.first("SELECT " + COLUMNS + " FROM message WHERE id = ?", MessageRepository::map, id);
    }

    /** The newest shown message of {@code senderJid} with this stanza id (what XEP-0308/0184/0333 refer to). */
    public Optional<Message> findByStanzaId(long conversationId, String senderJid, String stanzaId) {
        return db.first("SELECT " + COLUMNS + " FROM message WHERE conversation_id = ? AND stanza_id = ? "
                + "AND sender_jid = ? AND ref_kind IS NULL ORDER BY id DESC LIMIT 1", MessageRepository::map,
                conversationId, stanzaId, senderJid);
    }

    public Optional<Message> findByOriginId(long conversationId, String senderJid, String originId) {
        return db.first("SELECT " + COLUMNS + " FROM message WHERE conversation_id = ? AND sender_jid = ? "
                + "AND origin_id = ?", MessageRepository::map, conversationId, senderJid, originId);
    }

    public Optional<Message> findByArchiveId(long conversationId, String archiveBy, String archiveId) {
        return db.first("SELECT " + COLUMNS + " FROM message WHERE conversation_id = ? AND archive_by IS ? "
                + "AND archive_id = ?", MessageRepository::map, conversationId, archiveBy, archiveId);
    }

    /** The newest {@code limit} shown messages of a conversation, oldest first (as a chat view lists them). */
    public List<Message> newest(long conversationId, int limit) {
        List<Message> page = db.list("SELECT " + COLUMNS + " FROM message WHERE conversation_id = ? AND ref_kind IS NULL "
                + "ORDER BY sent_at DESC, sent_at_ns DESC, id DESC LIMIT ?", MessageRepository::map, conversationId, limit);
        Collections.reverse(page);
        return page;
    }

    /** Up to {@code limit} shown messages just before {@code messageId} in its conversation, oldest first. */
    public List<Message> before(long messageId, int limit) {
        Message anchor = get(messageId).orElseThrow(() -> new StoreException("There is no message with id " + messageId));
        List<Message> page = db.list("SELECT " + COLUMNS + " FROM message WHERE conversation_id = ? AND ref_kind IS NULL "
                        + "AND (sent_at, sent_at_ns, id) < (?, ?, ?) ORDER BY sent_at DESC, sent_at_ns DESC, id DESC LIMIT ?",
                MessageRepository::map, anchor.conversationId(), anchor.sentAt(), subMillisNanos(anchor.sentAt()),
                anchor.id(), limit);
        Collections.reverse(page);
        return page;
    }

    /** Up to {@code limit} shown messages just after {@code messageId} in its conversation, oldest first. */
    public List<Message> after(long messageId, int limit) {
        Message anchor = get(messageId).orElseThrow(() -> new StoreException("There is no message with id " + messageId));
        return db.list("SELECT " + COLUMNS + " FROM message WHERE conversation_id = ? AND ref_kind IS NULL "
                        + "AND (sent_at, sent_at_ns, id) > (?, ?, ?) ORDER BY sent_at, sent_at_ns, id LIMIT ?",
                MessageRepository::map, anchor.conversationId(), anchor.sentAt(), subMillisNanos(anchor.sentAt()),
                anchor.id(), limit);
    }

    /** The newest message time of the conversation, to start a MAM catch-up from; empty when there is none. */
    public Optional<Instant> latestSentAt(long conversationId) {
        return db.first("SELECT max(sent_at) AS latest FROM message WHERE conversation_id = ? AND ref_kind IS NULL",
                r -> Database.instant(r, "latest"), conversationId);
    }

    public void setDelivery(long id, Delivery delivery) {
        db.update("UPDATE message SET delivery = ? WHERE id = ?", delivery, id);
    }

    public void markRead(long id) {
        db.update("UPDATE message SET is_read = 1 WHERE id = ?", id);
    }

    /** Marks every incoming message of the conversation up to and including {@code upToId} as read. */
    public int markReadUpTo(long conversationId, long upToId) {
        Message anchor = get(upToId).orElseThrow(() -> new StoreException("There is no message with id " + upToId));
        return db.update("UPDATE message SET is_read = 1 WHERE conversation_id = ? AND is_read = 0 "
                + "AND direction = 'INCOMING' AND (sent_at, sent_at_ns, id) <= (?, ?, ?)", conversationId, anchor.sentAt(),
                subMillisNanos(anchor.sentAt()), anchor.id());
    }

    public int countUnread(long conversationId) {
        return db.first("SELECT count(*) FROM message WHERE conversation_id = ? AND is_read = 0 "
                + "AND direction = 'INCOMING'", r -> r.getInt(1), conversationId).orElse(0);
    }

    /** Applies a XEP-0308 correction: the shown body becomes {@code newBody} (the search index follows). */
    public void applyCorrection(long id, String newBody, Instant editedAt) {
        db.update("UPDATE message SET body = ?, edited_at = ? WHERE id = ? AND retracted_at IS NULL", newBody, editedAt, id);
    }

    /** Applies a XEP-0424 retraction: the body is removed from the row and from the search index. */
    public void retract(long id, Instant retractedAt) {
        db.update("UPDATE message SET body = NULL, retracted_at = ? WHERE id = ?", retractedAt, id);
    }

    /** XEP-0444: replaces {@code senderJid}'s reactions to a message with {@code reactions} (empty removes them). */
    public void setReactions(long messageId, String senderJid, Set<String> reactions, Instant at) {
        if (reactions.isEmpty()) {
            db.update("DELETE FROM reaction WHERE message_id = ? AND sender_jid = ?", messageId, senderJid);
            return;
        }
        db.update("INSERT INTO reaction (message_id, sender_jid, reactions, updated_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (message_id, sender_jid) DO UPDATE SET reactions = excluded.reactions, "
                        + "updated_at = excluded.updated_at",
                messageId, senderJid, String.join("\n", reactions), at);
    }

    /** Reactions to a message by sender. */
    public Map<String, Set<String>> reactions(long messageId) {
        Map<String, Set<String>> bySender = new TreeMap<>();
        db.list("SELECT sender_jid, reactions FROM reaction WHERE message_id = ?", r -> {
            bySender.put(r.getString(1), new LinkedHashSet<>(Arrays.asList(r.getString(2).split("\n"))));
            return null;
        }, messageId);
        return bySender;
    }

    /**
     * The newest shown message of every conversation of the account that has one, with the conversation's peer and
     * kind, in one query (a chat list). The rows cost more than the query: each column read is a call into the
     * driver, so the conversation's other columns are left out.
     */
    public List<NewestMessage> newestPerConversation(long accountId) {
        return db.list("SELECT c.peer_jid, c.kind, " + M_COLUMNS + " FROM conversation c JOIN message m ON m.id = ("
                        + "SELECT id FROM message WHERE conversation_id = c.id AND ref_kind IS NULL "
                        + "ORDER BY sent_at DESC, sent_at_ns DESC, id DESC LIMIT 1) WHERE c.account_id = ?",
                r -> new NewestMessage(r.getString("peer_jid"), ConversationKind.valueOf(r.getString("kind")), map(r)),
                accountId);
    }

    /** Unread incoming messages per conversation of the account, by peer JID (conversations without any are left out). */
    public Map<String, Integer> unreadCountsByPeer(long accountId) {
        Map<String, Integer> counts = new HashMap<>();
        db.list("SELECT c.peer_jid, count(*) FROM conversation c JOIN message m ON m.conversation_id = c.id "
                + "WHERE c.account_id = ? AND m.is_read = 0 AND m.direction = 'INCOMING' GROUP BY c.id", r -> {
            counts.put(r.getString(1), r.getInt(2));
            return null;
        }, accountId);
        return counts;
    }

    /**
     * When each OMEMO device of {@code senderJid} last sent a message the account stored: in the 1:1 conversation
     * with {@code conversationPeer}, or (null) in every conversation of the account.
     */
    public Map<Integer, Instant> lastMessageBySenderDevice(long accountId, String conversationPeer, String senderJid) {
        Map<Integer, Instant> last = new HashMap<>();
        Object[] parameters = conversationPeer == null ? new Object[] {accountId, senderJid}
                : new Object[] {accountId, senderJid, conversationPeer};
        db.list(lastMessageBySenderDeviceSql(conversationPeer != null), r -> {
            last.put(r.getInt(1), Database.instant(r, "last_at"));
            return null;
        }, parameters);
        return last;
    }

    /**
     * Shown messages only ({@code ref_kind IS NULL}: a reaction or correction is not "a message sent"), which is also
     * the condition that lets SQLite use the partial index {@code message_timeline} for the join.
     */
    static String lastMessageBySenderDeviceSql(boolean oneConversation) {
        return "SELECT m.sender_device, max(m.sent_at) AS last_at FROM conversation c JOIN message m ON m.conversation_id = c.id "
                + "WHERE c.account_id = ? AND m.sender_jid = ? AND m.sender_device IS NOT NULL AND m.ref_kind IS NULL"
                + (oneConversation ? " AND c.peer_jid = ?" : "") + " GROUP BY m.sender_device";
    }

    /** {@link #reactions(long)} of many messages at once: message id → sender → reactions (only those with any). */
    public Map<Long, Map<String, Set<String>>> reactions(List<Long> messageIds) {
        Map<Long, Map<String, Set<String>>> byMessage = new HashMap<>();
        for (int from = 0; from < messageIds.size(); from += 500) { // SQLite's bound on parameters is far above 500
            List<Long> chunk = messageIds.subList(from, Math.min(messageIds.size(), from + 500));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            db.list("SELECT message_id, sender_jid, reactions FROM reaction WHERE message_id IN (" + marks + ")", r -> {
                byMessage.computeIfAbsent(r.getLong(1), id -> new TreeMap<>())
                        .put(r.getString(2), new LinkedHashSet<>(Arrays.asList(r.getString(3).split("\n"))));
                return null;
            }, chunk.toArray());
        }
        return byMessage;
    }

    // --- what core's message log needs (lookups by its local key, account-wide de-duplication, time pages) ---

    /** The message core knows by its local {@code key}. */
    public Optional<Message> findByKey(String key) {
        return db.first("SELECT " + COLUMNS + " FROM message WHERE message_key = ?", MessageRepository::map, key);
    }

    /** Whether a message with this local key is stored (reads no columns: de-duplication asks this for every message). */
    public boolean containsKey(String key) {
        return db.first("SELECT 1 FROM message WHERE message_key = ?", r -> Boolean.TRUE, key).isPresent();
    }

    /**
     * The id of a stored message that is the same as the one described, as core de-duplicates: the same archive id
     * anywhere in the account; or in the conversation with {@code peerJid} from {@code senderJid} the same origin
     * id; or, when the message has no origin id, the same stanza id on a stored message that has none either.
     */
    public Optional<Long> findSame(long accountId, String peerJid, String senderJid, String originId, String stanzaId,
                                   String archiveId) {
        if (archiveId != null) {
            Optional<Long> byArchive = db.first("SELECT m.id FROM message m JOIN conversation c ON c.id = m.conversation_id "
                    + "WHERE m.archive_id = ? AND c.account_id = ? LIMIT 1", r -> r.getLong(1), archiveId, accountId);
            if (byArchive.isPresent()) {
                return byArchive;
            }
        }
        if (originId != null) {
            return db.first("SELECT m.id FROM message m JOIN conversation c ON c.id = m.conversation_id "
                            + "WHERE c.account_id = ? AND c.peer_jid = ? AND m.sender_jid = ? AND m.origin_id = ? LIMIT 1",
                    r -> r.getLong(1), accountId, peerJid, senderJid, originId);
        }
        if (stanzaId != null) {
            return db.first("SELECT m.id FROM message m JOIN conversation c ON c.id = m.conversation_id "
                            + "WHERE c.account_id = ? AND c.peer_jid = ? AND m.stanza_id = ? AND m.sender_jid = ? "
                            + "AND m.origin_id IS NULL LIMIT 1",
                    r -> r.getLong(1), accountId, peerJid, stanzaId, senderJid);
        }
        return Optional.empty();
    }

    /** The newest shown message of the conversation whose stanza id, origin id or archive id is {@code id}. */
    public Optional<Message> findByAnyId(long conversationId, String id) {
        // three index searches: written with OR, SQLite walked the whole conversation for every receipt and marker
        return db.first("SELECT " + COLUMNS + " FROM message WHERE id = (SELECT max(id) FROM ("
                        + "SELECT id FROM message WHERE conversation_id = ? AND stanza_id = ? AND ref_kind IS NULL UNION ALL "
                        + "SELECT id FROM message WHERE conversation_id = ? AND origin_id = ? AND ref_kind IS NULL UNION ALL "
                        + "SELECT id FROM message WHERE conversation_id = ? AND archive_id = ? AND ref_kind IS NULL))",
                MessageRepository::map, conversationId, id, conversationId, id, conversationId, id);
    }

    /** Up to {@code limit} shown messages sent strictly before {@code before}, oldest first. */
    public List<Message> newestBefore(long conversationId, Instant before, int limit) {
        List<Message> page = db.list("SELECT " + COLUMNS + " FROM message WHERE conversation_id = ? AND ref_kind IS NULL "
                        + "AND (sent_at, sent_at_ns) < (?, ?) ORDER BY sent_at DESC, sent_at_ns DESC, id DESC LIMIT ?",
                MessageRepository::map, conversationId, before, subMillisNanos(before), limit);
        Collections.reverse(page);
        return page;
    }

    /** The archive id of the oldest shown message of the conversation that has one (where scrollback continues). */
    public Optional<String> oldestArchiveId(long conversationId) {
        return db.first("SELECT archive_id FROM message WHERE conversation_id = ? AND ref_kind IS NULL "
                        + "AND archive_id IS NOT NULL ORDER BY sent_at, sent_at_ns, id LIMIT 1",
                r -> r.getString(1), conversationId);
    }

    /**
     * Overwrites what can change after a message was stored (ids learnt later, delivery, body, correction and
     * retraction times, encryption state and reason, reply reference, send failure) with the values of {@code m}; the conversation, direction,
     * sender, times and key stay.
     */
    public void rewrite(long id, Message m) {
        int changed = db.update("UPDATE message SET stanza_id = ?, origin_id = ?, archive_id = ?, archive_by = ?, "
                        + "encryption = ?, encryption_reason = ?, body = ?, reply_to_id = ?, reply_to_jid = ?, delivery = ?, "
                        + "edited_at = ?, retracted_at = ?, body_truncated = ?, send_failure = ? WHERE id = ?",
                m.stanzaId(), m.originId(), m.archiveId(), m.archiveBy(), m.encryption(), m.encryptionReason(), m.body(),
                m.replyToId(), m.replyToJid(), m.delivery(), m.editedAt(), m.retractedAt(), m.bodyTruncated(),
                m.sendFailure(), id);
        if (changed != 1) {
            throw new StoreException("There is no message with id " + id);
        }
    }

    /** XEP-0444: replaces all reactions to a message with {@code bySender} (sender → their current set). */
    public void replaceReactions(long messageId, Map<String, Set<String>> bySender, Instant at) {
        db.transaction(() -> {
            db.update("DELETE FROM reaction WHERE message_id = ?", messageId);
            bySender.forEach((sender, reactions) -> setReactions(messageId, sender, reactions, at));
        });
    }

    /**
     * Full-text search over message bodies (FTS5 inside the encrypted file), most recently stored first (row id
     * order lets FTS5 stop after {@code limit} hits instead of sorting every match). {@code text} is plain user
     * input: every word must occur (the last as a prefix); FTS5 query syntax is not interpreted.
     */
    public List<Message> search(String text, int limit) {
        String query = ftsQuery(text);
        if (query.isEmpty()) {
            return List.of();
        }
        return db.list("SELECT " + M_COLUMNS + " FROM message_fts f JOIN message m ON m.id = f.rowid "
                + "WHERE message_fts MATCH ? ORDER BY f.rowid DESC LIMIT ?", MessageRepository::map, query, limit);
    }

    /** {@link #search(String, int)} within one conversation. */
    public List<Message> search(long conversationId, String text, int limit) {
        String query = ftsQuery(text);
        if (query.isEmpty()) {
            return List.of();
        }
        return db.list("SELECT " + M_COLUMNS + " FROM message_fts f JOIN message m ON m.id = f.rowid "
                        + "WHERE message_fts MATCH ? AND m.conversation_id = ? ORDER BY f.rowid DESC LIMIT ?",
                MessageRepository::map, query, conversationId, limit);
    }

    /** {@link #search(String, int)} within one account's conversations. */
    public List<Message> searchAccount(long accountId, String text, int limit) {
        String query = ftsQuery(text);
        if (query.isEmpty()) {
            return List.of();
        }
        return db.list("SELECT " + M_COLUMNS + " FROM message_fts f JOIN message m ON m.id = f.rowid "
                        + "JOIN conversation c ON c.id = m.conversation_id "
                        + "WHERE message_fts MATCH ? AND c.account_id = ? ORDER BY f.rowid DESC LIMIT ?",
                MessageRepository::map, query, accountId, limit);
    }

    /** Quotes every word as an FTS5 string so user input cannot inject query syntax; the last word is a prefix. */
    static String ftsQuery(String text) {
        List<String> terms = new ArrayList<>();
        for (String word : text.trim().split("\\s+")) {
            if (!word.isEmpty()) {
                terms.add("\"" + word.replace("\"", "\"\"") + "\"");
            }
        }
        if (terms.isEmpty()) {
            return "";
        }
        int last = terms.size() - 1;
        terms.set(last, terms.get(last) + "*");
        return String.join(" ", terms);
    }

    private static Message map(ResultSet row) throws SQLException {
        String refKind = row.getString("ref_kind");
        return new Message(row.getLong("id"), row.getLong("conversation_id"),
                Direction.valueOf(row.getString("direction")), row.getString("sender_jid"),
                Database.nullableInt(row, "sender_device"), row.getString("stanza_id"), row.getString("origin_id"),
                row.getString("archive_id"), row.getString("archive_by"),
                Database.instant(row, "sent_at").plusNanos(row.getLong("sent_at_ns")),
                Database.instant(row, "received_at"), MessageEncryption.valueOf(row.getString("encryption")),
                row.getString("encryption_reason"), row.getString("body"),
                refKind == null ? null : ReferenceKind.valueOf(refKind), row.getString("ref_id"),
                row.getString("reply_to_id"), row.getString("reply_to_jid"), Delivery.valueOf(row.getString("delivery")),
                row.getInt("is_read") == 1, Database.instant(row, "edited_at"), Database.instant(row, "retracted_at"),
                row.getString("message_key"), row.getInt("body_truncated") == 1, row.getString("send_failure"));
    }
}
