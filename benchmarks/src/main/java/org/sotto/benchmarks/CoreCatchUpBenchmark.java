package org.sotto.benchmarks;

import java.util.ArrayList;
import java.util.List;
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
import org.sotto.testkit.ProsodyServer;

/**
 * MAM catch-up throughput in messages per second: a fresh client of alice (in-memory log) fetches the 1 000
 * messages bob wrote, in pages of 250, through the whole inbound pipeline (origin check, de-duplication, store,
 * acknowledge, publish). Login is outside the measurement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CoreCatchUpBenchmark {
    static final int MESSAGES = 1000;
    private ProsodyServer server;
    private String aliceJid;
    private Sotto client;
    private AccountSession alice;
    private InMemoryPersistence store;

    @Setup(Level.Trial)
    public void fillTheArchive() throws Exception {
        server = ProsodyServer.start();
        aliceJid = server.register("alice", "alice-pw");
        String bobJid = server.register("bob", "bob-pw");
        InMemoryPersistence bobStore = new InMemoryPersistence();
        try (Sotto bobSotto = CoreBenchmarks.sotto(server, bobStore)) {
            AccountSession bob = CoreBenchmarks.online(bobSotto, server, bobJid, "bob-pw");
            List<CompletableFuture<ChatMessage>> sent = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                sent.add(bob.chats().send(aliceJid, "archived message " + i));
            }
            sent.forEach(CompletableFuture::join);
            while (!bobStore.outbox().pending(bobJid).isEmpty()) { // until the server acknowledged every message
                Thread.sleep(50);
            }
        }
    }

    @Setup(Level.Invocation)
    public void loggedInWithNothingStored() {
        store = new InMemoryPersistence();
        client = Sotto.start(store, CoreBenchmarks.options(server).withInitialHistorySize(0));
        alice = CoreBenchmarks.online(client, server, aliceJid, "alice-pw");
        // Prosody may push the messages it kept for alice right after login; let that settle, then forget it all
        alice.drain().join();
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        alice.drain().join();
        store.messages().removeAccount(aliceJid);
        store.archivePositions().save(aliceJid, aliceJid, ""); // "from the archive's beginning"
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
    public void logOut() {
        client.close();
    }

    @TearDown(Level.Trial)
    public void stopServer() {
        server.close();
    }
}
