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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sotto.store.KdfParameters;
import org.sotto.store.Profile;

/**
 * Unlocking a profile with the default Argon2id cost (KdfParameters.DEFAULT) and closing it again: what the user
 * waits for after typing the passphrase (target about 0.5–1 s). Mostly Argon2id; opening the file and checking
 * the schema is the rest.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class StoreUnlockBenchmark {
    private static final char[] PASSPHRASE = "a reasonably long passphrase".toCharArray();
    private Path dir;

    @Setup(Level.Trial)
    public void createProfile() throws Exception {
        dir = Files.createTempDirectory("sotto-bench-unlock");
        try (Profile profile = Profile.create(dir.resolve("profile"), PASSPHRASE.clone(), KdfParameters.DEFAULT)) {
            StoreDatabases.insertMessages(profile.database(), StoreDatabases.conversation(profile.database()), 10_000, 7);
        }
    }

    @TearDown(Level.Trial)
    public void remove() throws Exception {
        StoreDatabases.delete(dir);
    }

    @Benchmark
    public void unlockDefaultArgon2id() {
        Profile.unlock(dir.resolve("profile"), PASSPHRASE.clone()).close();
    }
}
