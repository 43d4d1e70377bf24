package org.sotto.benchmarks;

import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.internal.Sotto;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.persistence.memory.InMemoryPersistence;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;
import org.sotto.testkit.ProsodyServer;

/**
 * The counterpart of {@link CoreOmemoFirstMessageBenchmark}: further messages to the same contact with 5 devices,
 * whose device lists are cached and whose sessions exist: no PEP request, 5 ratchet steps, store, hand-over.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CoreOmemoNextMessageBenchmark {
    private static final int DEVICES = 5;
    private ProsodyServer server;
    private Sotto aliceSotto;
    private AccountSession alice;
    private final AtomicInteger contacts = new AtomicInteger();
    private String contact;

    @Setup
    public void setUp() throws Exception {
        server = ProsodyServer.start();
        String aliceJid = server.register("alice", "alice-pw");
        aliceSotto = CoreBenchmarks.sotto(server, new InMemoryPersistence());
        alice = aliceSotto.accounts().add(AccountRecord.of(aliceJid)
                .withServer(server.host(), server.c2sPort()), "alice-pw");
        alice.enableOmemo(new InMemoryOmemoStore(), EnumSet.allOf(OmemoVersion.class));
        alice.connect().orTimeout(60, TimeUnit.SECONDS).join();
        newContact();
    }

    /** A contact whose 5 devices published their bundles and device list, written to once. */
    private void newContact() throws Exception {
        contact = CoreBenchmarks.contactWithOmemo2Devices(server, "contact" + contacts.incrementAndGet(), DEVICES);
        alice.chats().send(contact, "the first one").orTimeout(30, TimeUnit.SECONDS).join();
    }

    @Benchmark
    public ChatMessage nextMessageToFiveDevices() {
        return CoreBenchmarks.sendEncrypted(alice, contact, "hello again, all five of you");
    }

    @TearDown
    public void tearDown() {
        aliceSotto.close();
        server.close();
    }
}
