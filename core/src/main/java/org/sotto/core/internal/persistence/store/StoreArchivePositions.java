package org.sotto.core.internal.persistence.store;

import java.util.Optional;

import org.sotto.core.internal.persistence.ArchivePositions;
import org.sotto.store.Database;

/** Archive positions on the store's archive_position table. */
final class StoreArchivePositions implements ArchivePositions {
    private final Database db;
    private final StoreAccounts accounts;

    StoreArchivePositions(Database db, StoreAccounts accounts) {
        this.db = db;
        this.accounts = accounts;
    }

    @Override
    public Optional<String> lastArchiveId(String account, String archive) {
        return accounts.id(account).flatMap(id -> db.archivePositions().lastArchiveId(id, archive));
    }

    @Override
    public void save(String account, String archive, String archiveId) {
        db.transaction(() -> db.archivePositions().save(accounts.requireId(account), archive, archiveId));
    }

    @Override
    public void removeAccount(String account) {
        accounts.id(account).ifPresent(id -> db.archivePositions().clear(id));
    }
}
