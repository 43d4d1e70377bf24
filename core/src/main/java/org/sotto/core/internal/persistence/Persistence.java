package org.sotto.core.internal.persistence;

import java.util.function.Supplier;

import org.sotto.core.internal.persistence.memory.InMemoryOmemoDeviceLists;
import org.sotto.crypto.spi.OmemoStore;
import org.sotto.store.StoreException;

/** Everything core persists, as ports: the store module's database behind an adapter, or memory in tests. */
public interface Persistence {
    AccountRepository accounts();

    MessageLog messages();

    /**
     * The log for reads outside a unit of work (a window's timeline, the chat list): it sees what is committed and
     * does not wait for a unit in progress (a catch-up page) to commit. Never for the pipeline, which must see its own
     * unit's writes. By default the same log.
     */
    default MessageLog readOnlyMessages() {
        return messages();
    }

    Outbox outbox();

    ArchivePositions archivePositions();

    /** Unsent drafts, one per chat. */
    Drafts drafts();

    /** Muted and pinned chats. */
    ChatSettings chatSettings();

    EncryptionChoices encryptionChoices();

    /** Shared files (XEP-0454) and their encrypted local copies. */
    FileStore files();

    /** Each account's roster as last received, with its roster version (XEP-0237). */
    RosterCache roster();

    /** Avatars by hash and the hash each JID announced last. */
    AvatarCache avatars();

    /**
     * The OMEMO device list cache. The default keeps it in memory for as long as the returned object lives (callers
     * take it once per account session); a persistent implementation overrides it.
     */
    default OmemoDeviceLists omemoDeviceLists() {
        return new InMemoryOmemoDeviceLists();
    }

    /**
     * The account's OMEMO state (own identity, sessions, device lists, trust), kept as long as this persistence; for
     * {@code SottoOptions.omemoVersions()}, which turns OMEMO on for every account.
     */
    default OmemoStore omemoStore(String account) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no OMEMO state");
    }

    /** Received stanzas not yet stored (XEP-0198 acknowledges them only once written); none by default. */
    default InboundJournal inboundJournal() {
        return InboundJournal.NONE;
    }

    /**
     * Runs {@code work} so that all its port calls commit together (one durable commit), or none when it throws;
     * nested calls join. Without transactions (memory) it just runs. Use {@link UnitOfWork#run} in core, which also
     * holds back the network effects until after the commit.
     */
    default <T> T inTransaction(Supplier<T> work) {
        return work.get();
    }

    /**
     * Whether {@code failure} (or a cause) is the local store failing (disk full, I/O, a corrupt page), as opposed to
     * bad input. Work that meets one must not count as done: the inbound pipeline treats it like a failed store
     * stage wherever it happens (the OMEMO stage writes sessions), so the unit of work rolls back and the message
     * comes again. Memory never fails; the profile's store throws {@link org.sotto.store.StoreException}.
     */
    static boolean isStorageFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StoreException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Retires the account but keeps its history: its password, its OMEMO state (own identity and keys, sessions,
     * trust, device lists), its outbox, inbound journal and archive positions are deleted; the account record, its
     * conversations with their messages and shared files, its roster, avatars, drafts and chat settings stay readable.
     * The OMEMO state goes through {@link #removeOmemoState}.
     */
    default void removeAccountKeepingHistory(String account) {
        inTransaction(() -> {
            outbox().removeAccount(account);
            archivePositions().removeAccount(account);
            inboundJournal().removeAccount(account);
            removeOmemoState(account);
            accounts().removePassword(account);
            return null;
        });
    }

    /** Deletes the account's OMEMO state: own identity and keys, sessions, trust records, device lists. */
    default void removeOmemoState(String account) {
    }

    /** Forgets the account and all its data. */
    default void removeAccountData(String account) {
        files().removeAccount(account);
        messages().removeAccount(account);
        outbox().removeAccount(account);
        archivePositions().removeAccount(account);
        inboundJournal().removeAccount(account);
        roster().removeAccount(account);
        avatars().removeAccount(account);
        accounts().remove(account);
    }
}
