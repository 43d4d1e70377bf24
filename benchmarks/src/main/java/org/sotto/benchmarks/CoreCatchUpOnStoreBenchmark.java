package org.sotto.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.internal.Sotto;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.persistence.memory.InMemoryPersistence;
import org.sotto.core.internal.persistence.store.StorePersistence;
import org.sotto.store.KdfParameters;
import org.sotto.store.Profile;
import org.sotto.testkit.ProsodyServer;

/**
 * {@link CoreCatchUpBenchmark} with the real persistence: alice's client keeps everything in an encrypted profile
 * (StorePersistence), so every archived message is de-duplicated against and written to the encrypted SQLite
 * file; each archive page (messages, ratchet state, archive position) is one durable transaction. Messages per
 * second; login, profile creation and the offline messages of the first login are outside.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CoreCatchUpOnStoreBenchmark {
    static final int MESSAGES = CoreCatchUpBenchmark.MESSAGES;
    private static final KdfParameters CHEAP = new KdfParameters(KdfParameters.MINIMUM_MEMORY_KIB, 1, 1);
    private ProsodyServer server;
    private String aliceJid;
    private String bobJid;
    private Path dir;
    private StorePersistence store;
    private Sotto client;
    private AccountSession alice;

    @Setup(Level.Trial)
    public void fillTheArchive() throws Exception {
        server = ProsodyServer.start();
        aliceJid = server.register("alice", "alice-pw");
        bobJid = server.register("bob", "bob-pw");
        InMemoryPersistence bobStore = new InMemoryPersistence();
        try (Sotto bobSotto = CoreBenchmarks.sotto(server, bobStore)) {
            AccountSession bob = CoreBenchmarks.online(bobSotto, server, bobJid, "bob-pw");
            List<CompletableFuture<ChatMessage>> sent = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                sent.add(bob.chats().send(aliceJid, "archived message " + i));
            }
            sent.forEach(CompletableFuture::join);
            while (!bobStore.outbox().pending(bobJid).isEmpty()) {
                Thread.sleep(50);
            }
        }
    }

    @Setup(Level.Invocation)
    public void loggedInWithAnEmptyProfile() throws Exception {
        dir = Files.createTempDirectory("sotto-bench-catchup");
        store = StorePersistence.owning(Profile.create(dir.resolve("profile"), "bench".toCharArray(), CHEAP));
        client = Sotto.start(store, CoreBenchmarks.options(server).withInitialHistorySize(0));
        alice = CoreBenchmarks.online(client, server, aliceJid, "alice-pw");
        // the first login brings the archived messages from offline storage too: let that flood pass first
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String previous = null;
        while (System.nanoTime() < deadline) {
            Thread.sleep(200);
            alice.drain().join();
            List<ChatMessage> newest = store.messages().history(aliceJid, bobJid, Optional.empty(), 1);
            String now = newest.isEmpty() ? "" : newest.get(0).key();
            if (now.equals(previous) && store.inboundJournal().pending(aliceJid).isEmpty()) {
                break; // nothing arrived for 200 ms
            }
            previous = now;
        }
        store.messages().removeAccount(aliceJid);
        store.archivePositions().save(aliceJid, aliceJid, "");
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public int catchUp() {
        int fetched = alice.catchUp().join();
        if (fetched < MESSAGES) {
            throw new IllegalStateException("caught up only " + fetched + " of " + MESSAGES);
        }
        return fetched;
    }

    @TearDown(Level.Invocation)
    public void logOutAndDelete() throws Exception {
        client.close();
        store.close();
        StoreDatabases.delete(dir);
    }

    @TearDown(Level.Trial)
    public void stopServer() {
        server.close();
    }
}
