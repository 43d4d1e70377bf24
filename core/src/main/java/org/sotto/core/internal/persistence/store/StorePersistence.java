package org.sotto.core.internal.persistence.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.sotto.core.api.chat.Draft;
import org.sotto.core.internal.persistence.AccountRepository;
import org.sotto.core.internal.persistence.ArchivePositions;
import org.sotto.core.internal.persistence.AvatarCache;
import org.sotto.core.internal.persistence.ChatSettings;
import org.sotto.core.internal.persistence.Drafts;
import org.sotto.core.internal.persistence.EncryptionChoices;
import org.sotto.core.internal.persistence.FileStore;
import org.sotto.core.internal.persistence.InboundJournal;
import org.sotto.core.internal.persistence.MessageLog;
import org.sotto.core.internal.persistence.OmemoDeviceLists;
import org.sotto.core.internal.persistence.Outbox;
import org.sotto.core.internal.persistence.Persistence;
import org.sotto.core.internal.persistence.RosterCache;
import org.sotto.crypto.spi.OmemoStore;
import org.sotto.store.ConversationKind;
import org.sotto.store.Database;
import org.sotto.store.EncryptionPreference;
import org.sotto.store.Profile;

/**
 * The ports on the encrypted profile of the {@code store} module: everything, passwords and queued stanzas
 * included, lives only inside the encrypted SQLite file. Every port call is synchronous and commits durably before
 * it returns, so a received message is on disk before the pipeline acknowledges it.
 */
public final class StorePersistence implements Persistence, AutoCloseable {
    /** Inside the profile directory: the encrypted copies of shared files, one subdirectory per account. */
    public static final String FILES_DIRECTORY = "files";
    private final Profile profile;
    private final Database db;
    private final StoreAccounts accounts;
    private final StoreMessageLog messages;
    private final StoreMessageLog readOnlyMessages;
    private final StoreOutbox outbox;
    private final StoreArchivePositions positions;
    private final StoreFiles files;
    private final StoreInboundJournal journal;
    private final StoreRosterCache roster;
    private final StoreAvatarCache avatars;

    private StorePersistence(Profile profile, Database db, Path filesDirectory) {
        this.profile = profile;
        this.db = Objects.requireNonNull(db, "db");
        this.accounts = new StoreAccounts(db);
        this.messages = new StoreMessageLog(() -> db, accounts);
        this.readOnlyMessages = new StoreMessageLog(db::reader, accounts);
        this.outbox = new StoreOutbox(db, accounts);
        this.positions = new StoreArchivePositions(db, accounts);
        this.files = new StoreFiles(db, filesDirectory);
        this.journal = new StoreInboundJournal(db, accounts);
        this.roster = new StoreRosterCache(db, accounts);
        this.avatars = new StoreAvatarCache(db, accounts);
    }

    /** The ports over a database someone else opened and will close. */
    public static StorePersistence over(Database db) {
        return new StorePersistence(null, db, null);
    }

    /** The ports over a database someone else opened, with shared files kept in {@code filesDirectory}. */
    public static StorePersistence over(Database db, Path filesDirectory) {
        return new StorePersistence(null, db, filesDirectory);
    }

    /** The ports over an open profile; closing them closes the profile. */
    public static StorePersistence owning(Profile profile) {
        return new StorePersistence(profile, profile.database(), profile.directory().resolve(FILES_DIRECTORY));
    }

    /**
     * Unlocks the profile in {@code dir}, or creates one there if the directory holds none. The passphrase array is
     * wiped by the store. Failures are the store's typed errors (wrong passphrase, already open, corrupt, …).
     */
    public static StorePersistence openOrCreate(Path dir, char[] passphrase) {
        Profile profile = Files.exists(dir.resolve(Profile.HEADER_FILE)) || Files.exists(dir.resolve(Profile.DATABASE_FILE))
                ? Profile.unlock(dir, passphrase) : Profile.create(dir, passphrase);
        return owning(profile);
    }

    @Override
    public AccountRepository accounts() {
        return accounts;
    }

    /** The {@code muted} and {@code pinned} columns of the profile's conversations (setting one opens the chat). */
    @Override
    public ChatSettings chatSettings() {
        return new ChatSettings() {
            @Override
            public Map<String, Setting> all(String account) {
                Database reads = db.reader();
                return accounts.id(account).map(id -> reads.conversations().mutedOrPinned(id).stream()
                        .collect(Collectors.toUnmodifiableMap(c -> c.peerJid(), c -> new Setting(c.muted(), c.pinned()))))
                        .orElse(Map.of());
            }

            @Override
            public void setMuted(String account, String peer, boolean muted) {
                db.transaction(() -> db.conversations().setMuted(conversation(account, peer), muted));
            }

            @Override
            public void setPinned(String account, String peer, boolean pinned) {
                db.transaction(() -> db.conversations().setPinned(conversation(account, peer), pinned));
            }

            private long conversation(String account, String peer) {
                return db.conversations().open(accounts.requireId(account), peer, ConversationKind.CHAT).id();
            }
        };
    }

    /** The profile's {@code draft} table (one row per conversation; saving opens the conversation). */
    @Override
    public Drafts drafts() {
        return new Drafts() {
            @Override
            public Optional<Draft> find(String account, String peer) {
                Database reads = db.reader();
                return accounts.id(account).flatMap(id -> reads.conversations().find(id, peer))
                        .flatMap(c -> reads.drafts().find(c.id()))
                        .map(d -> new Draft(d.body(), Optional.ofNullable(d.replyToId())));
            }

            @Override
            public void save(String account, String peer, Draft draft) {
                db.transaction(() -> {
                    long accountId = accounts.requireId(account);
                    if (draft.text().isEmpty()) {
                        db.conversations().find(accountId, peer).ifPresent(c -> db.drafts().remove(c.id()));
                        return;
                    }
                    long conversation = db.conversations().open(accountId, peer, ConversationKind.CHAT).id();
                    db.drafts().save(conversation, draft.text(), draft.replyToId().orElse(null));
                });
            }
        };
    }

    /** On the profile's reading connection (store's {@code Database.reader()}): never waits for a unit of work. */
    @Override
    public MessageLog readOnlyMessages() {
        return readOnlyMessages;
    }

    @Override
    public MessageLog messages() {
        return messages;
    }

    @Override
    public Outbox outbox() {
        return outbox;
    }

    @Override
    public ArchivePositions archivePositions() {
        return positions;
    }

    @Override
    public FileStore files() {
        return files;
    }

    @Override
    public RosterCache roster() {
        return roster;
    }

    @Override
    public AvatarCache avatars() {
        return avatars;
    }

    @Override
    public InboundJournal inboundJournal() {
        return journal;
    }

    /** One {@code Database.transaction}: the OMEMO store of this profile ({@link #omemoStore}) joins it too. */
    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return db.transaction(work::get);
    }

    @Override
    public EncryptionChoices encryptionChoices() {
        return new EncryptionChoices() {
            @Override
            public Set<String> plaintextChats(String account) {
                return StorePersistence.this.plaintextChats(account);
            }

            @Override
            public void setPlaintext(String account, String peer, boolean plaintext) {
                StorePersistence.this.setPlaintext(account, peer, plaintext);
            }
        };
    }

    /** The OMEMO device lists of the profile's {@code omemo_device} table. */
    @Override
    public OmemoDeviceLists omemoDeviceLists() {
        return new StoreOmemoDeviceLists(db, accounts);
    }

    /** The account's OMEMO state (own identity, sessions, device lists, trust) in this profile. */
    @Override
    public OmemoStore omemoStore(String account) {
        return db.omemo().forAccount(accounts.requireId(account));
    }

    /** The peers of the account's chats in which the user explicitly chose plaintext. */
    public Set<String> plaintextChats(String account) {
        return db.transaction(() -> db.conversations().list(accounts.requireId(account)).stream()
                .filter(c -> c.encryption() == EncryptionPreference.PLAINTEXT).map(c -> c.peerJid())
                .collect(Collectors.toUnmodifiableSet()));
    }

    /** Records the user's choice for a 1:1 chat: plaintext, or back to OMEMO. */
    public void setPlaintext(String account, String peer, boolean plaintext) {
        db.transaction(() -> {
            long conversation = db.conversations().open(accounts.requireId(account), peer, ConversationKind.CHAT).id();
            db.conversations().setEncryption(conversation, plaintext ? EncryptionPreference.PLAINTEXT : EncryptionPreference.OMEMO);
        });
    }

    /** The {@code omemo_*} rows of the account, in one transaction. */
    @Override
    public void removeOmemoState(String account) {
        accounts.id(account).ifPresent(id -> db.omemo().removeAccount(id));
    }

    /** One transaction: removing the account row takes its conversations, messages, queue and positions along. */
    @Override
    public void removeAccountData(String account) {
        db.transaction(() -> accounts.remove(account));
        files.removeAccount(account);
    }

    @Override
    public void close() {
        if (profile != null) {
            profile.close();
        }
    }
}
