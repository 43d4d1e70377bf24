package org.sotto.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

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

/**
 * Inserting 100 000 messages (transactions of 1 000, as a MAM catch-up stores pages) into a fresh database,
 * FTS index and de-duplication indexes included; encrypted against plain SQLite. Target: ≤ 5 s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class StoreInsertBenchmark {
    @Param({StoreDatabases.ENCRYPTED, StoreDatabases.PLAIN})
    public String database;

    private Path dir;
    private StoreDatabases.Opened opened;
    private long conversation;

    @Setup(Level.Iteration)
    public void freshDatabase() throws Exception {
        dir = Files.createTempDirectory("sotto-bench-insert");
        opened = StoreDatabases.create(database, dir.resolve("profile"));
        conversation = StoreDatabases.conversation(opened.db());
    }

    @TearDown(Level.Iteration)
    public void removeDatabase() throws Exception {
        opened.close();
        StoreDatabases.delete(dir);
    }

    @Benchmark
    public void insert100kMessages() {
        StoreDatabases.insertMessages(opened.db(), conversation, 100_000, 42);
    }
}
