package org.sotto.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The per-account queue of stanzas to send, in the order they were queued. */
public final class OutboxRepository {
    private static final String COLUMNS = "id, account_id, peer_jid, message_key, stanza_id, stanza_xml, queued_at";
    private final Database db;

    OutboxRepository(Database db) {
        this.db = db;
    }

    /**
     * Queues a stanza. Queuing a stanza id the account already has queued replaces that entry's content and
     * keeps its place in the queue.
     */
    public void enqueue(long accountId, String peerJid, String messageKey, String stanzaId, String stanzaXml) {
        db.update("INSERT INTO outbox (account_id, peer_jid, message_key, stanza_id, stanza_xml, queued_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, stanza_id) DO UPDATE SET "
                        + "peer_jid = excluded.peer_jid, message_key = excluded.message_key, stanza_xml = excluded.stanza_xml",
                accountId, peerJid, messageKey, stanzaId, stanzaXml, Instant.now());
    }

    /** The account's queued stanzas, oldest first. */
    public List<QueuedStanza> pending(long accountId) {
        return db.list("SELECT " + COLUMNS + " FROM outbox WHERE account_id = ? ORDER BY id", OutboxRepository::map,
                accountId);
    }

    /** Drops a sent stanza; returns whether one was queued. */
    public boolean remove(long accountId, String stanzaId) {
        return db.update("DELETE FROM outbox WHERE account_id = ? AND stanza_id = ?", accountId, stanzaId) > 0;
    }

    public void clear(long accountId) {
        db.update("DELETE FROM outbox WHERE account_id = ?", accountId);
    }

    private static QueuedStanza map(ResultSet row) throws SQLException {
        return new QueuedStanza(row.getLong("id"), row.getLong("account_id"), row.getString("peer_jid"),
                row.getString("message_key"), row.getString("stanza_id"), row.getString("stanza_xml"),
                Database.instant(row, "queued_at"));
    }
}
