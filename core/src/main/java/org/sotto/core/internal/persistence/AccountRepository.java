package org.sotto.core.internal.persistence;

import java.util.List;
import java.util.Optional;

import org.sotto.core.api.account.AccountRecord;

/** Accounts and their passwords. The store keeps passwords only in its encrypted database. */
public interface AccountRepository {
    List<AccountRecord> accounts();

    Optional<AccountRecord> find(String jid);

    /** Inserts or replaces by JID. */
    void save(AccountRecord account);

    void remove(String jid);

    Optional<String> password(String jid);

    void savePassword(String jid, String password);

    /** Deletes the stored password; the account stays. An account without a password keeps only its history. */
    void removePassword(String jid);
}
