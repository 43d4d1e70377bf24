package org.sotto.core.persistence;

/** Everything core persists, as ports: the store module's database behind an adapter, or memory in tests. */
public interface Persistence {
    AccountRepository accounts();

    MessageLog messages();

    Outbox outbox();

    ArchivePositions archivePositions();

    EncryptionChoices encryptionChoices();

    /** Shared files (XEP-0454) and their encrypted local copies. */
    FileStore files();

    /** Forgets the account and all its data. */
    default void removeAccountData(String account) {
        files().removeAccount(account);
        messages().removeAccount(account);
        outbox().removeAccount(account);
        archivePositions().removeAccount(account);
        accounts().remove(account);
    }
}
