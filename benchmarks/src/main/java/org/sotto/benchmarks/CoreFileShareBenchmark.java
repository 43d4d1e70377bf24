package org.sotto.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

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

import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.file.Attachment;
import org.sotto.core.internal.Sotto;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.files.SharedFile;
import org.sotto.core.internal.persistence.memory.InMemoryPersistence;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;
import org.sotto.testkit.ProsodyServer;

/**
 * Encrypted file sharing of a 4 MiB file through a real Prosody (mod_http_file_share over HTTPS on 127.0.0.1):
 * {@code send} = encrypt into the profile's file directory + upload slot + PUT + the OMEMO message;
 * {@code download} = GET + GCM tag check + the encrypted copy written to disk. MB/s = 4.19 MB / time per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CoreFileShareBenchmark {
    static final int SIZE = 4 * 1024 * 1024;

    private ProsodyServer server;
    private Sotto aliceSotto;
    private Sotto bobSotto;
    private AccountSession alice;
    private AccountSession bob;
    private String bobJid;
    private Path file;
    private String receivedKey;

    @Setup
    public void setUp() throws Exception {
        server = ProsodyServer.start();
        String aliceJid = server.register("alice", "alice-pw");
        bobJid = server.register("bob", "bob-pw");
        aliceSotto = CoreBenchmarks.sotto(server, new InMemoryPersistence());
        bobSotto = CoreBenchmarks.sotto(server, new InMemoryPersistence());
        alice = withOmemo(aliceSotto, aliceJid, "alice-pw");
        bob = withOmemo(bobSotto, bobJid, "bob-pw");
        bob.files().setAutoDownloadLimit(0); // the send benchmark measures the sender alone
        byte[] content = new byte[SIZE];
        new Random(1).nextBytes(content);
        file = Files.createTempFile("sotto-bench-", ".bin");
        Files.write(file, content);
        // one file for the download benchmark, received by bob's core
        SharedFile sent = alice.files().send(bobJid, file).result().orTimeout(60, TimeUnit.SECONDS).join();
        String name = SharedFile.nameOf(sent.downloadUrl());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (receivedKey == null) {
            receivedKey = bob.chats().history(alice.jid(), Optional.empty(), 10).join().stream()
                    .filter(m -> m.attachment().map(a -> a.name().equals(name)).orElse(false)).map(m -> m.key()).findFirst()
                    .filter(key -> bob.files().file(key).join().isPresent()).orElse(null);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("bob did not receive the file message");
            }
            Thread.sleep(20);
        }
    }

    private AccountSession withOmemo(Sotto sotto, String jid, String password) {
        AccountSession session = sotto.accounts().add(AccountRecord.of(jid)
                .withServer(server.host(), server.c2sPort()), password);
        session.enableOmemo(new InMemoryOmemoStore(), EnumSet.allOf(OmemoVersion.class));
        if (!(session.connect().orTimeout(60, TimeUnit.SECONDS).join() instanceof ConnectionState.Online)) {
            throw new IllegalStateException(jid + " did not come online");
        }
        return session;
    }

    @Benchmark
    public SharedFile send() {
        return alice.files().send(bobJid, file).result().orTimeout(60, TimeUnit.SECONDS).join();
    }

    @Benchmark
    public Attachment download() {
        bob.files().deleteLocalCopy(receivedKey).join();
        return bob.files().download(receivedKey).result().orTimeout(60, TimeUnit.SECONDS).join();
    }

    @TearDown
    public void tearDown() throws Exception {
        aliceSotto.close();
        bobSotto.close();
        server.close();
        Files.deleteIfExists(file);
    }
}
