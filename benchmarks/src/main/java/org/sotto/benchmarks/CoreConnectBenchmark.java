package org.sotto.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.sotto.core.internal.Sotto;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.persistence.memory.InMemoryPersistence;
import org.sotto.testkit.ProsodyServer;

/**
 * Connect + login until the account is usable: TCP, STARTTLS with certificate verification, SCRAM, resource binding,
 * stream management, carbons, an (empty) archive catch-up, roster and initial presence, against Prosody on 127.0.0.1.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CoreConnectBenchmark {
    private ProsodyServer server;
    private String jid;
    private Sotto sotto;

    @Setup(Level.Trial)
    public void startServer() throws Exception {
        server = ProsodyServer.start();
        jid = server.register("alice", "alice-pw");
    }

    @Setup(Level.Invocation)
    public void freshClient() {
        sotto = CoreBenchmarks.sotto(server, new InMemoryPersistence());
    }

    @Benchmark
    public AccountSession connectAndLogin() {
        return CoreBenchmarks.online(sotto, server, jid, "alice-pw");
    }

    @TearDown(Level.Invocation)
    public void closeClient() {
        sotto.close();
    }

    @TearDown(Level.Trial)
    public void stopServer() {
        server.close();
    }
}
