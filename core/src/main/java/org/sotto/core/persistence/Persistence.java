package org.sotto.core.persistence;

/** Everything core persists, as ports: the store module's database behind an adapter, or memory in tests. */
public interface Persistence {
    AccountRepository accounts();

    MessageLog messages();

    Outbox outbox();

    ArchivePositions archivePositions();

    EncryptionChoices encryptionChoices();

    /** Forgets the account and all its data. */
    default void removeAccountData(String account) {
        messages().removeAccount(account);
        outbox().removeAccount(account);
        archivePositions().removeAccount(account);
        accounts().remove(account);
    }
}
