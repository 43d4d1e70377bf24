package org.sotto.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.internal.Sotto;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.persistence.memory.InMemoryPersistence;
import org.sotto.testkit.ProsodyServer;

/**
 * Loopback send-to-receive latency: alice's Sotto sends through a real Prosody on 127.0.0.1 and the operation ends
 * when bob's Sotto has run the message through its inbound pipeline and published it. Sampled (p50/p99 rows).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 12) // ~35 ms per round trip: over 1 000 samples for p50/p99
@Fork(1)
public class CoreMessageLatencyBenchmark {
    private ProsodyServer server;
    private Sotto aliceSotto;
    private Sotto bobSotto;
    private AccountSession alice;
    private String bob;
    private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();

    @Setup
    public void setUp() throws Exception {
        server = ProsodyServer.start();
        String aliceJid = server.register("alice", "alice-pw");
        bob = server.register("bob", "bob-pw");
        aliceSotto = CoreBenchmarks.sotto(server, new InMemoryPersistence());
        bobSotto = CoreBenchmarks.sotto(server, new InMemoryPersistence());
        alice = CoreBenchmarks.online(aliceSotto, server, aliceJid, "alice-pw");
        CoreBenchmarks.online(bobSotto, server, bob, "bob-pw");
        bobSotto.events().subscribe(MessageAdded.class, e -> {
            CompletableFuture<Void> done = waiting.remove(e.message().body());
            if (done != null) {
                done.complete(null);
            }
        });
    }

    @Benchmark
    public void sendAndReceive() {
        String body = "latency " + counter.incrementAndGet();
        CompletableFuture<Void> received = new CompletableFuture<>();
        waiting.put(body, received);
        alice.chats().send(bob, body);
        received.orTimeout(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS).join();
    }

    @TearDown
    public void tearDown() {
        aliceSotto.close();
        bobSotto.close();
        server.close();
    }
}
