package org.sotto.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
import org.sotto.store.Message;

/**
 * Reading a 100 000-message conversation: the newest 50 (opening a chat; target ≤ 5 ms) and a full-text search
 * for one word, newest 50 hits (target ≤ 50 ms); encrypted against plain SQLite. The page cache is warm, as in a
 * running client.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class StoreQueryBenchmark {
    @Param({StoreDatabases.ENCRYPTED, StoreDatabases.PLAIN})
    public String database;

    private Path dir;
    private StoreDatabases.Opened opened;
    private long conversation;

    @Setup(Level.Trial)
    public void fill() throws Exception {
        dir = Files.createTempDirectory("sotto-bench-query");
        opened = StoreDatabases.create(database, dir.resolve("profile"));
        conversation = StoreDatabases.conversation(opened.db());
        StoreDatabases.insertMessages(opened.db(), conversation, 100_000, 42);
        if (opened.db().messages().search("station", 50).size() != 50) {
            throw new IllegalStateException("the search finds too little to measure");
        }
    }

    @TearDown(Level.Trial)
    public void remove() throws Exception {
        opened.close();
        StoreDatabases.delete(dir);
    }

    @Benchmark
    public List<Message> newest50Of100k() {
        return opened.db().messages().newest(conversation, 50);
    }

    @Benchmark
    public List<Message> ftsWordOver100k() {
        return opened.db().messages().search("station", 50);
    }

    @Benchmark
    public List<Message> ftsTwoWordsWithPrefixOver100k() {
        return opened.db().messages().search("coffee tomo", 50);
    }
}
