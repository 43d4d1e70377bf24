package org.sotto.core.internal.persistence.store;

import java.time.Instant;
import java.util.List;

import org.sotto.core.internal.persistence.InboundJournal;
import org.sotto.store.Database;

/** The inbound journal on the store's inbound_journal table (V3), inside the encrypted file. */
final class StoreInboundJournal implements InboundJournal {
    private final Database db;
    private final StoreAccounts accounts;

    StoreInboundJournal(Database db, StoreAccounts accounts) {
        this.db = db;
        this.accounts = accounts;
    }

    @Override
    public long append(String account, String stanzaXml, Instant receivedAt) {
        return db.transaction(() -> db.inboundJournal().append(accounts.requireId(account), stanzaXml, receivedAt));
    }

    @Override
    public List<JournalEntry> pending(String account) {
        return accounts.id(account).map(id -> db.inboundJournal().pending(id).stream()
                .map(j -> new JournalEntry(j.id(), account, j.stanzaXml(), j.receivedAt())).toList()).orElse(List.of());
    }

    @Override
    public void remove(String account, long id) {
        accounts.id(account).ifPresent(accountId -> db.inboundJournal().remove(accountId, id));
    }

    @Override
    public void removeAccount(String account) {
        accounts.id(account).ifPresent(id -> db.inboundJournal().clear(id));
    }
}
