package org.sotto.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.ConversationSummary;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.internal.Sotto;
import org.sotto.core.internal.SottoOptions;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.persistence.store.StorePersistence;
import org.sotto.store.KdfParameters;
import org.sotto.store.Profile;

/**
 * What a window reads from an encrypted profile: the first timeline page (50 messages) of a 100 000-message chat
 * (target ≤ 20 ms p99 while a catch-up runs) and the conversation list of 1 000 chats (target ≤ 50 ms). With
 * {@code writer=catch-up} another thread stores pages of 250 messages, one transaction each, back to back, as an
 * archive catch-up does. {@code firstPage} and {@code conversationList} go through {@code ChatService} (the reading
 * connection, off the account's worker); {@code firstPageOnWritingConnection} reads the same page through the
 * writing connection, which waits for each page's transaction.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class TimelineReadBenchmark {
    private static final String ACCOUNT = "alice@example.org";
    private static final String PEER = "bob@example.org";
    private static final KdfParameters CHEAP = new KdfParameters(KdfParameters.MINIMUM_MEMORY_KIB, 1, 1);

    @Param({"idle", "catch-up"})
    public String writer;

    private Path dir;
    private StorePersistence store;
    private Sotto sotto;
    private AccountSession session;
    private final AtomicBoolean writing = new AtomicBoolean();
    private Thread catchUp;
    private final AtomicLong written = new AtomicLong();

    @Setup(Level.Trial)
    public void fill() throws Exception {
        dir = Files.createTempDirectory("sotto-bench-timeline");
        store = StorePersistence.owning(Profile.create(dir.resolve("profile"), "bench".toCharArray(), CHEAP));
        sotto = Sotto.start(store, SottoOptions.defaults());
        session = sotto.accounts().add(AccountRecord.of(ACCOUNT), "unused"); // never connected
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int page = 0; page < 100; page++) {
            int first = page * 1_000;
            store.inTransaction(() -> {
                for (int i = first; i < first + 1_000; i++) {
                    store.messages().append(message(PEER, start.plusSeconds(i), "message " + i));
                }
                return null;
            });
        }
        store.inTransaction(() -> {
            for (int chat = 1; chat < 1_000; chat++) {
                store.messages().append(message("friend" + chat + "@example.org", start.plusSeconds(chat), "hello"));
            }
            return null;
        });
        if (session.chats().history(PEER, Optional.empty(), 50).join().size() != 50
                || session.chats().conversationSummaries().join().size() != 1_000) {
            throw new IllegalStateException("the profile holds less than the benchmark reads");
        }
        if (writer.equals("catch-up")) {
            writing.set(true);
            catchUp = new Thread(this::storePages, "catch-up");
            catchUp.start();
        }
    }

    /** Pages of 250 messages into another chat, each page one transaction, until the trial ends. */
    private void storePages() {
        Instant start = Instant.parse("2026-06-01T00:00:00Z");
        while (writing.get()) {
            store.inTransaction(() -> {
                for (int i = 0; i < 250; i++) {
                    long n = written.incrementAndGet();
                    store.messages().append(message("carol@example.org", start.plusMillis(n), "archived " + n));
                }
                return null;
            });
        }
    }

    private static ChatMessage message(String peer, Instant at, String body) {
        return new ChatMessage(UUID.randomUUID().toString(), ACCOUNT, peer, ChatKind.CHAT, Direction.INCOMING, peer, body,
                at, Optional.of(UUID.randomUUID().toString()), Optional.empty(), Optional.of(UUID.randomUUID().toString()),
                MessageStatus.DISPLAYED, Encryption.E2EE_TRUSTED, Optional.empty(), false, false, Map.of());
    }

    @TearDown(Level.Trial)
    public void remove() throws Exception {
        writing.set(false);
        if (catchUp != null) {
            catchUp.join();
            System.out.println("catch-up pages stored meanwhile: " + written.get() / 250);
        }
        sotto.close();
        store.close();
        StoreDatabases.delete(dir);
    }

    @Benchmark
    public List<ChatMessage> firstPage() {
        return session.chats().history(PEER, Optional.empty(), 50).join();
    }

    @Benchmark
    public List<ChatMessage> firstPageOnWritingConnection() {
        return store.messages().history(ACCOUNT, PEER, Optional.empty(), 50);
    }

    @Benchmark
    public List<ConversationSummary> conversationList() {
        return session.chats().conversationSummaries().join();
    }
}
