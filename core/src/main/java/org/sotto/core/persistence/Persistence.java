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

    /**
     * The OMEMO device list cache. The default keeps it in memory for as long as the returned object lives (callers
     * take it once per account session); a persistent implementation overrides it.
     */
    default OmemoDeviceLists omemoDeviceLists() {
        return new org.sotto.core.persistence.memory.InMemoryOmemoDeviceLists();
    }

    /** Forgets the account and all its data. */
    default void removeAccountData(String account) {
        files().removeAccount(account);
        messages().removeAccount(account);
        outbox().removeAccount(account);
        archivePositions().removeAccount(account);
        accounts().remove(account);
    }
}
