package org.sotto.core.internal.persistence.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Draft;
import org.sotto.core.internal.files.PrivateFiles;
import org.sotto.core.internal.files.SharedFile;
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
import org.sotto.core.internal.persistence.OutboxEntry;
import org.sotto.core.internal.persistence.Persistence;
import org.sotto.core.internal.persistence.RosterCache;
import org.sotto.crypto.spi.OmemoStore;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;

/** The ports in memory, for tests and benchmarks (real use: {@code StorePersistence}). Thread-safe. */
public final class InMemoryPersistence implements Persistence {
    private final Accounts accounts = new Accounts();
    private final Files files = new Files();
    private final Messages messages = new Messages(files);
    private final Queue outbox = new Queue();
    private final Positions positions = new Positions();
    private final Choices choices = new Choices();
    private final InMemoryOmemoDeviceLists deviceLists = new InMemoryOmemoDeviceLists();
    private final Map<String, OmemoStore> omemoStores = new ConcurrentHashMap<>();
    private final Map<List<String>, Draft> drafts = new ConcurrentHashMap<>();
    private final Map<String, Map<String, ChatSettings.Setting>> chatSettings = new ConcurrentHashMap<>();

    @Override
    public ChatSettings chatSettings() {
        return new ChatSettings() {
            @Override
            public Map<String, Setting> all(String account) {
                return Map.copyOf(chatSettings.getOrDefault(account, Map.of()));
            }

            @Override
            public void setMuted(String account, String peer, boolean muted) {
                change(account, peer, s -> new Setting(muted, s.pinned()));
            }

            @Override
            public void setPinned(String account, String peer, boolean pinned) {
                change(account, peer, s -> new Setting(s.muted(), pinned));
            }

            private void change(String account, String peer, UnaryOperator<Setting> edit) {
                Map<String, Setting> settings = chatSettings.computeIfAbsent(account, a -> new ConcurrentHashMap<>());
                Setting next = edit.apply(settings.getOrDefault(peer, Setting.DEFAULT));
                if (next.equals(Setting.DEFAULT)) {
                    settings.remove(peer);
                } else {
                    settings.put(peer, next);
                }
            }
        };
    }

    @Override
    public Drafts drafts() {
        return new Drafts() {
            @Override
            public Optional<Draft> find(String account, String peer) {
                return Optional.ofNullable(drafts.get(List.of(account, peer)));
            }

            @Override
            public void save(String account, String peer, Draft draft) {
                if (draft.text().isEmpty()) {
                    drafts.remove(List.of(account, peer));
                } else {
                    drafts.put(List.of(account, peer), draft);
                }
            }
        };
    }

    @Override
    public OmemoStore omemoStore(String account) {
        return omemoStores.computeIfAbsent(account, a -> new InMemoryOmemoStore());
    }

    private final InMemoryRosterCache roster = new InMemoryRosterCache();
    private final InMemoryAvatarCache avatars = new InMemoryAvatarCache();

    @Override
    public RosterCache roster() {
        return roster;
    }

    @Override
    public AvatarCache avatars() {
        return avatars;
    }

    @Override
    public OmemoDeviceLists omemoDeviceLists() {
        return deviceLists;
    }

    @Override
    public void removeOmemoState(String account) {
        omemoStores.remove(account);
        deviceLists.removeAccount(account);
    }

    @Override
    public void removeAccountData(String account) {
        omemoStores.remove(account);
        drafts.keySet().removeIf(key -> key.get(0).equals(account));
        chatSettings.remove(account);
        Persistence.super.removeAccountData(account);
        deviceLists.removeAccount(account);
    }

    private final Journal journal = new Journal();

    @Override
    public InboundJournal inboundJournal() {
        return journal;
    }

    /** The journal in memory: it survives a "restart" only as long as this object does (tests reuse it). */
    private static final class Journal implements InboundJournal {
        private final List<JournalEntry> entries = new ArrayList<>();
        private long nextId = 1;

        @Override
        public synchronized long append(String account, String stanzaXml, Instant receivedAt) {
            long id = nextId++;
            entries.add(new JournalEntry(id, account, stanzaXml, receivedAt.truncatedTo(ChronoUnit.MILLIS)));
            return id;
        }

        @Override
        public synchronized List<JournalEntry> pending(String account) {
            return entries.stream().filter(e -> e.account().equals(account)).toList();
        }

        @Override
        public synchronized void remove(String account, long id) {
            entries.removeIf(e -> e.id() == id && e.account().equals(account));
        }

        @Override
        public synchronized void removeAccount(String account) {
            entries.removeIf(e -> e.account().equals(account));
        }
    }

    @Override
    public FileStore files() {
        return files;
    }

    /** Records in memory; the encrypted copies in a temporary directory of this persistence. */
    private static final class Files implements FileStore {
        private final Map<String, SharedFile> byKey = new HashMap<>();
        private Path root;

        @Override
        public synchronized Path directory(String account) {
            if (root == null) {
                try {
                    root = java.nio.file.Files.createTempDirectory("sotto-files-");
                    Path created = root; // memory forgets at exit, so do the copies
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> PrivateFiles.deleteTree(created)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return PrivateFiles.accountDirectory(root, account);
        }

        @Override
        public synchronized void save(SharedFile file) {
            byKey.put(file.account() + "\n" + file.messageKey(), file);
        }

        @Override
        public synchronized Optional<SharedFile> find(String account, String messageKey) {
            return Optional.ofNullable(byKey.get(account + "\n" + messageKey));
        }

        @Override
        public synchronized void removeAccount(String account) {
            byKey.values().removeIf(f -> f.account().equals(account));
            if (root != null) {
                PrivateFiles.deleteTree(directory(account));
            }
        }
    }

    @Override
    public EncryptionChoices encryptionChoices() {
        return choices;
    }

    private static final class Choices implements EncryptionChoices {
        private final Map<String, Set<String>> plaintext = new HashMap<>();

        @Override
        public synchronized Set<String> plaintextChats(String account) {
            return Set.copyOf(plaintext.getOrDefault(account, Set.of()));
        }

        @Override
        public synchronized void setPlaintext(String account, String peer, boolean chosen) {
            Set<String> peers = plaintext.computeIfAbsent(account, a -> new HashSet<>());
            if (chosen) {
                peers.add(peer);
            } else {
                peers.remove(peer);
            }
        }
    }

    @Override
    public AccountRepository accounts() {
        return accounts;
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

    private static final class Accounts implements AccountRepository {
        private final Map<String, AccountRecord> records = new LinkedHashMap<>();
        private final Map<String, String> passwords = new HashMap<>();

        @Override
        public synchronized List<AccountRecord> accounts() {
            return List.copyOf(records.values());
        }

        @Override
        public synchronized Optional<AccountRecord> find(String jid) {
            return Optional.ofNullable(records.get(jid));
        }

        @Override
        public synchronized void save(AccountRecord account) {
            records.put(account.jid(), account);
        }

        @Override
        public synchronized void remove(String jid) {
            records.remove(jid);
            passwords.remove(jid);
        }

        @Override
        public synchronized Optional<String> password(String jid) {
            return Optional.ofNullable(passwords.get(jid));
        }

        @Override
        public synchronized void savePassword(String jid, String password) {
            passwords.put(jid, password);
        }

        @Override
        public synchronized void removePassword(String jid) {
            passwords.remove(jid);
        }
    }

    private static final class Messages implements MessageLog {
        private final Map<String, ChatMessage> byKey = new LinkedHashMap<>();
        private final Files files;

        Messages(Files files) {
            this.files = files;
        }

        /** A message with its file as it is now (the file's state changes apart from the message). */
        private ChatMessage current(ChatMessage m) {
            return m.attachment().isEmpty() || m.retracted() ? m
                    : m.withAttachment(files.find(m.account(), m.key()).map(SharedFile::attachment).or(m::attachment));
        }

        @Override
        public synchronized Optional<ChatMessage> find(String account, String key) {
            return Optional.ofNullable(byKey.get(key)).filter(m -> m.account().equals(account)).map(this::current);
        }

        private static String bare(String jid) {
            int slash = jid.indexOf('/');
            return slash < 0 ? jid : jid.substring(0, slash);
        }

        /** The sender identity used for de-duplication: the occupant JID in rooms, the bare JID in chats. */
        private static String senderKey(ChatMessage m) {
            return m.kind() == ChatKind.GROUPCHAT ? m.sender() : bare(m.sender());
        }

        private static boolean same(ChatMessage a, ChatMessage b) {
            if (!a.account().equals(b.account())) {
                return false;
            }
            if (a.archiveId().isPresent() && a.archiveId().equals(b.archiveId())) {
                return true;
            }
            if (!a.peer().equals(b.peer()) || !senderKey(a).equals(senderKey(b))) {
                return false;
            }
            if (a.originId().isPresent() && b.originId().isPresent()) {
                return a.originId().equals(b.originId());
            }
            return a.originId().isEmpty() && b.originId().isEmpty() && a.messageId().isPresent()
                    && a.messageId().equals(b.messageId());
        }

        @Override
        public synchronized boolean append(ChatMessage message) {
            if (contains(message)) {
                return false;
            }
            byKey.put(message.key(), message);
            return true;
        }

        @Override
        public synchronized boolean contains(ChatMessage message) {
            return byKey.containsKey(message.key()) || byKey.values().stream().anyMatch(m -> same(m, message));
        }

        @Override
        public synchronized void update(ChatMessage message) {
            if (!byKey.containsKey(message.key())) {
                throw new IllegalArgumentException("no message with key " + message.key());
            }
            byKey.put(message.key(), message);
        }

        @Override
        public synchronized Optional<ChatMessage> findByReference(String account, String peer, String id) {
            ChatMessage found = null;
            for (ChatMessage m : byKey.values()) {
                if (m.account().equals(account) && m.peer().equals(peer) && (id.equals(m.messageId().orElse(null))
                        || id.equals(m.originId().orElse(null)) || id.equals(m.archiveId().orElse(null)))) {
                    found = m; // insertion order: the last match is the newest
                }
            }
            return Optional.ofNullable(found).map(this::current);
        }

        @Override
        public synchronized List<ChatMessage> history(String account, String peer, Optional<Instant> before, int limit) {
            List<ChatMessage> matching = byKey.values().stream()
                    .filter(m -> m.account().equals(account) && m.peer().equals(peer))
                    .filter(m -> before.map(b -> m.timestamp().isBefore(b)).orElse(true))
                    .sorted(Comparator.comparing(ChatMessage::timestamp))
                    .toList();
            return matching.subList(Math.max(0, matching.size() - limit), matching.size()).stream().map(this::current).toList();
        }

        @Override
        public synchronized List<ChatMessage> before(String account, String peer, String key, int limit) {
            return around(account, peer, key, limit, 0).stream().filter(m -> !m.key().equals(key)).toList();
        }

        @Override
        public synchronized List<ChatMessage> after(String account, String peer, String key, int limit) {
            return around(account, peer, key, 0, limit).stream().filter(m -> !m.key().equals(key)).toList();
        }

        @Override
        public synchronized List<ChatMessage> around(String account, String peer, String key, int before, int after) {
            List<ChatMessage> timeline = history(account, peer, Optional.empty(), Integer.MAX_VALUE);
            for (int i = 0; i < timeline.size(); i++) {
                if (timeline.get(i).key().equals(key)) {
                    return List.copyOf(timeline.subList(Math.max(0, i - before), Math.min(timeline.size(), i + 1 + after)));
                }
            }
            return List.of();
        }

        @Override
        public synchronized List<ChatMessage> conversations(String account) {
            Map<String, ChatMessage> newest = new HashMap<>();
            for (ChatMessage m : byKey.values()) {
                if (m.account().equals(account)) {
                    newest.merge(m.peer(), m, (a, b) -> b.timestamp().isBefore(a.timestamp()) ? a : b);
                }
            }
            List<ChatMessage> list = new ArrayList<>(newest.values().stream().map(this::current).toList());
            list.sort(Comparator.comparing(ChatMessage::timestamp).reversed());
            return List.copyOf(list);
        }

        /** Like the profile's FTS5 index: whole words, the last one also as a prefix, any case. */
        @Override
        public synchronized List<ChatMessage> search(String account, Optional<String> peer, String text, int limit) {
            List<String> words = Arrays.stream(text.toLowerCase(Locale.ROOT).trim().split("\\s+"))
                    .filter(w -> !w.isEmpty()).toList();
            if (words.isEmpty()) {
                return List.of();
            }
            List<ChatMessage> stored = new ArrayList<>(byKey.values());
            Collections.reverse(stored); // most recently stored first
            return stored.stream()
                    .filter(m -> m.account().equals(account) && peer.map(m.peer()::equals).orElse(true))
                    .filter(m -> matches(m.body(), words))
                    .limit(limit).map(this::current).toList();
        }

        private static boolean matches(String body, List<String> words) {
            List<String> tokens = Arrays.asList(body.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"));
            for (int i = 0; i < words.size(); i++) {
                String word = words.get(i).replaceAll("[^\\p{L}\\p{N}]", "");
                boolean last = i == words.size() - 1;
                if (tokens.stream().noneMatch(t -> last ? t.startsWith(word) : t.equals(word))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public synchronized Optional<String> oldestArchiveId(String account, String peer) {
            return byKey.values().stream()
                    .filter(m -> m.account().equals(account) && m.peer().equals(peer) && m.archiveId().isPresent())
                    .min(Comparator.comparing(ChatMessage::timestamp))
                    .flatMap(ChatMessage::archiveId);
        }

        @Override
        public synchronized int unreadCount(String account, String peer) {
            return (int) byKey.values().stream()
                    .filter(m -> m.account().equals(account) && m.peer().equals(peer) && m.unread()).count();
        }

        @Override
        public synchronized Map<String, Integer> unreadCounts(String account) {
            Map<String, Integer> counts = new TreeMap<>();
            byKey.values().stream().filter(m -> m.account().equals(account) && m.unread())
                    .forEach(m -> counts.merge(m.peer(), 1, Integer::sum));
            return counts;
        }

        @Override
        public synchronized void removeAccount(String account) {
            byKey.values().removeIf(m -> m.account().equals(account));
        }
    }

    private static final class Queue implements Outbox {
        private final Map<String, LinkedHashMap<String, OutboxEntry>> entries = new ConcurrentHashMap<>();

        @Override
        public synchronized void enqueue(OutboxEntry entry) {
            entries.computeIfAbsent(entry.account(), a -> new LinkedHashMap<>()).put(entry.stanzaId(), entry);
        }

        @Override
        public synchronized List<OutboxEntry> pending(String account) {
            return List.copyOf(entries.getOrDefault(account, new LinkedHashMap<>()).values());
        }

        @Override
        public synchronized void remove(String account, String stanzaId) {
            LinkedHashMap<String, OutboxEntry> queue = entries.get(account);
            if (queue != null) {
                queue.remove(stanzaId);
            }
        }

        @Override
        public synchronized void removeAccount(String account) {
            entries.remove(account);
        }
    }

    private static final class Positions implements ArchivePositions {
        private final Map<String, String> positions = new ConcurrentHashMap<>();

        @Override
        public Optional<String> lastArchiveId(String account, String archive) {
            return Optional.ofNullable(positions.get(account + "\n" + archive));
        }

        @Override
        public void save(String account, String archive, String archiveId) {
            positions.put(account + "\n" + archive, archiveId);
        }

        @Override
        public void removeAccount(String account) {
            positions.keySet().removeIf(k -> k.startsWith(account + "\n"));
        }
    }
}
