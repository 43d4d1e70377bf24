package org.sotto.benchmarks;

import java.io.IOException;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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

import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.internal.Sotto;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.persistence.memory.InMemoryPersistence;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;
import org.sotto.testkit.ProsodyServer;

/**
 * The first OMEMO message to a contact never written to before, who has 5 devices (OMEMO 2), through a real
 * Prosody on 127.0.0.1: both device lists of the contact fetched, 5 bundles fetched, 5 sessions built (X3DH), the
 * message encrypted for the 5 devices, stored and handed to the connection. Each measured iteration is one such
 * message to a fresh contact (prepared, with its 5 published devices, outside the measurement).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 20)
@Fork(1)
public class CoreOmemoFirstMessageBenchmark {
    private static final int DEVICES = 5;
    private ProsodyServer server;
    private Sotto aliceSotto;
    private AccountSession alice;
    private final AtomicInteger contacts = new AtomicInteger();
    private String contact;

    @Setup
    public void setUp() throws IOException {
        server = ProsodyServer.start();
        String aliceJid = server.register("alice", "alice-pw");
        aliceSotto = CoreBenchmarks.sotto(server, new InMemoryPersistence());
        alice = aliceSotto.accounts().add(AccountRecord.of(aliceJid)
                .withServer(server.host(), server.c2sPort()), "alice-pw");
        alice.enableOmemo(new InMemoryOmemoStore(), EnumSet.allOf(OmemoVersion.class));
        alice.connect().orTimeout(60, TimeUnit.SECONDS).join();
    }

    /** A new contact whose 5 devices published their bundles and device list. */
    @Setup(Level.Iteration)
    public void newContact() throws Exception {
        contact = CoreBenchmarks.contactWithOmemo2Devices(server, "contact" + contacts.incrementAndGet(), DEVICES);
    }

    @Benchmark
    public ChatMessage firstMessageToFiveDevices() {
        return CoreBenchmarks.sendEncrypted(alice, contact, "hello, all five of you");
    }

    @TearDown
    public void tearDown() {
        aliceSotto.close();
        server.close();
    }
}
