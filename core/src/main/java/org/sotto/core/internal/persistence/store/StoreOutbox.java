package org.sotto.core.internal.persistence.store;

import java.util.List;

import org.sotto.core.internal.persistence.Outbox;
import org.sotto.core.internal.persistence.OutboxEntry;
import org.sotto.store.Database;

/** The outbox on the store's outbox table (inside the encrypted file, since queued stanzas may hold plaintext). */
final class StoreOutbox implements Outbox {
    private final Database db;
    private final StoreAccounts accounts;

    StoreOutbox(Database db, StoreAccounts accounts) {
        this.db = db;
        this.accounts = accounts;
    }

    @Override
    public void enqueue(OutboxEntry entry) {
        db.transaction(() -> db.outbox().enqueue(accounts.requireId(entry.account()), entry.peer(), entry.messageKey(),
                entry.stanzaId(), entry.stanzaXml()));
    }

    @Override
    public List<OutboxEntry> pending(String account) {
        return accounts.id(account).map(id -> db.outbox().pending(id).stream()
                .map(q -> new OutboxEntry(account, q.peerJid(), q.messageKey(), q.stanzaId(), q.stanzaXml()))
                .toList()).orElse(List.of());
    }

    @Override
    public void remove(String account, String stanzaId) {
        accounts.id(account).ifPresent(id -> db.outbox().remove(id, stanzaId));
    }

    @Override
    public void removeAccount(String account) {
        accounts.id(account).ifPresent(id -> db.outbox().clear(id));
    }
}
