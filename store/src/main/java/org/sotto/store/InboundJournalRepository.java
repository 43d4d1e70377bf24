package org.sotto.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Received stanzas not yet stored as messages (table {@code inbound_journal}, V3): the record that lets core
 * acknowledge a stanza to XEP-0198 only once it is on disk, and replay it after a crash.
 */
public final class InboundJournalRepository {
    private final Database db;

    InboundJournalRepository(Database db) {
        this.db = db;
    }

    /** Writes a received stanza (one durable commit outside a transaction); returns its id. */
    public long append(long accountId, String stanzaXml, Instant receivedAt) {
        return db.insert("INSERT INTO inbound_journal (account_id, stanza_xml, received_at) VALUES (?, ?, ?)",
                accountId, stanzaXml, receivedAt);
    }

    /** The account's journaled stanzas, in the order they arrived. */
    public List<JournaledStanza> pending(long accountId) {
        return db.list("SELECT id, account_id, stanza_xml, received_at FROM inbound_journal WHERE account_id = ? ORDER BY id",
                InboundJournalRepository::map, accountId);
    }

    /** Deletes an entry once its message is stored; returns whether it was there. */
    public boolean remove(long accountId, long id) {
        return db.update("DELETE FROM inbound_journal WHERE account_id = ? AND id = ?", accountId, id) > 0;
    }

    public void clear(long accountId) {
        db.update("DELETE FROM inbound_journal WHERE account_id = ?", accountId);
    }

    private static JournaledStanza map(ResultSet row) throws SQLException {
        return new JournaledStanza(row.getLong("id"), row.getLong("account_id"), row.getString("stanza_xml"),
                Database.instant(row, "received_at"));
    }
}
