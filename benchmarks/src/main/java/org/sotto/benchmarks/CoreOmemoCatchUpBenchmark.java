package org.sotto.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.hints.element.NoStoreHint;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.element.MamElements.MamResultExtension;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.receipts.DeliveryReceipt;

import org.jxmpp.jid.impl.JidCreate;

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

import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.internal.Sotto;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.connection.ConnectionSettings;
import org.sotto.core.internal.connection.Connections;
import org.sotto.core.internal.persistence.memory.InMemoryPersistence;
import org.sotto.core.internal.persistence.store.StorePersistence;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;
import org.sotto.store.KdfParameters;
import org.sotto.store.Profile;
import org.sotto.testkit.ProsodyServer;

/**
 * The target: MAM catch-up of 10 000 OMEMO 2 messages (fetch + decrypt + store) into an encrypted profile,
 * aimed at 5 s or less. Once per trial bob (OMEMO on, memory) sends 10 000 encrypted messages to alice's OMEMO
 * device while only a plain client of alice is online (so nothing waits in offline storage); alice's device is a
 * profile snapshot taken before, whose sessions have not seen any of them. Every iteration copies the snapshot,
 * logs in (outside the measured time) and catches up from the archive's beginning: every message is fetched,
 * decrypted (the ratchet state written to the profile in the page's transaction) and stored. Seconds per 10 000.
 * The trial setup also prints the server's share: a plain Smack client paging through the same archive
 * ({@link #serverAlone}). {@link OmemoCatchUpProbe} runs the same steps outside JMH with CPU times per process.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 6)
@Fork(1)
public class CoreOmemoCatchUpBenchmark {
    /** The target is for 10 000; fewer only to look into it ({@code -p messages=…} with JMH's own main). */
    @Param("10000")
    public int messages;
    /**
     * Where the catch-up's delivery receipts (one per message, XEP-0184: sent on first receipt, which a catch-up is)
     * go: {@code offline}, bob has no client online and the server stores each one in its offline store (in the
     * memory storage the costliest thing the server does here); {@code online}, a client of bob is online and the
     * server only routes them.
     */
    @Param({"offline", "online"})
    public String sender;
    /**
     * Prosody's Lua collector as Lua itself defaults it (a cycle when the heap has doubled) instead of Prosody's
     * 0.12 default threshold of 105 (a full mark and sweep every 5 % of growth). The memory archive keeps all
     * 10 000 stanzas in the Lua heap, so with 105 Prosody spent most of its time sweeping it (perf: ~35 % in
     * lgc's sweeplist alone) and served ~1 000 messages/s; with 200, ~2 700/s. A server with a big heap would set
     * the same ({@code gc} in prosody.cfg.lua); one with SQL storage has a small heap and no such problem.
     */
    static final String LUA_GC = "gc = { mode = \"incremental\", threshold = 200 }";
    private static final KdfParameters CHEAP = new KdfParameters(KdfParameters.MINIMUM_MEMORY_KIB, 1, 1);
    private static final char[] PASSPHRASE = "bench".toCharArray();
    private ProsodyServer server;
    private String aliceJid;
    private String bobJid;
    private Path snapshot;
    private Path dir;
    private StorePersistence store;
    private Sotto client;
    private AccountSession alice;
    private XMPPTCPConnection bobOnline;
    /** Receipts bob's online client got in this iteration (sender=online). */
    private final AtomicInteger receiptsAtBob = new AtomicInteger();
    private long caughtUpAt;

    @Setup(Level.Trial)
    public void fillTheArchiveWithEncryptedMessages() throws Exception {
        server = ProsodyServer.startWithArchiveInMemory(System.getProperty("sotto.bench.prosody", LUA_GC));
        aliceJid = server.register("alice", "alice-pw");
        bobJid = server.register("bob", "bob-pw");
        snapshot = Files.createTempDirectory("sotto-bench-omemo-snapshot");
        // alice's device: identity, bundle and device list published, then the profile is closed and kept
        try (StorePersistence profile = StorePersistence.owning(Profile.create(snapshot.resolve("profile"), PASSPHRASE.clone(), CHEAP));
             Sotto sotto = Sotto.start(profile, CoreBenchmarks.options(server).withInitialHistorySize(0))) {
            AccountSession device = sotto.accounts().add(AccountRecord.of(aliceJid).withServer(server.host(), server.c2sPort()), "alice-pw");
            device.enableOmemo(profile.omemoStore(aliceJid), EnumSet.allOf(OmemoVersion.class));
            online(device);
            device.drain().join();
        }
        XMPPTCPConnection sink = Connections.connectAndLogin(ConnectionSettings.of(aliceJid, "alice-pw").withResource("sink")
                .withServer(server.host(), server.c2sPort()).withTrustManager(server.certificate().trustManager()));
        InMemoryPersistence bobStore = new InMemoryPersistence();
        try (Sotto bobSotto = CoreBenchmarks.sotto(server, bobStore)) {
            AccountSession bob = bobSotto.accounts().add(AccountRecord.of(bobJid).withServer(server.host(), server.c2sPort()), "bob-pw");
            bob.enableOmemo(new InMemoryOmemoStore(), EnumSet.allOf(OmemoVersion.class));
            online(bob);
            long start = System.nanoTime();
            List<CompletableFuture<ChatMessage>> sent = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                sent.add(bob.chats().send(aliceJid, "encrypted archived message " + i));
            }
            sent.forEach(CompletableFuture::join);
            while (!bobStore.outbox().pending(bobJid).isEmpty()) {
                Thread.sleep(50);
            }
            System.out.printf("%n(setup: %d encrypted messages sent in %.1f s)%n", messages, (System.nanoTime() - start) / 1e9);
        } finally {
            sink.disconnect();
        }
        if (sender.equals("online")) {
            bobOnline = Connections.connectAndLogin(ConnectionSettings.of(bobJid, "bob-pw").withResource("online")
                    .withServer(server.host(), server.c2sPort()).withTrustManager(server.certificate().trustManager()));
            countReceipts(bobOnline);
        }
        for (int pass = 0; pass < 2; pass++) {
            long start = System.nanoTime();
            int fetched = serverAlone();
            System.out.printf("(server alone: a plain Smack client paged through %d archived messages in %.2f s)%n",
                    fetched, (System.nanoTime() - start) / 1e9);
        }
    }

    /** For {@link OmemoCatchUpProbe}: what the catch-up's delivery receipts (one per message) cost the server. */
    void receiptsToBob() throws Exception {
        XMPPTCPConnection plain = Connections.connectAndLogin(ConnectionSettings.of(aliceJid, "alice-pw").withResource("receipts")
                .withServer(server.host(), server.c2sPort()).withTrustManager(server.certificate().trustManager()));
        try {
            for (int i = 0; i < messages; i++) {
                plain.sendStanza(plain.getStanzaFactory().buildMessageStanza().to(JidCreate.from(bobJid))
                        .ofType(Message.Type.chat)
                        .addExtension(new DeliveryReceipt("id" + i))
                        .addExtension(NoStoreHint.INSTANCE).build());
            }
            PingManager.getInstanceFor(plain).pingMyServer(true, 60_000); // all were handled
        } finally {
            plain.disconnect();
        }
    }

    /**
     * The server's share: a plain Smack client (no Sotto pipeline, nothing decrypted or stored) pages through the
     * same archive with the same page size as the catch-up. Returns the number of messages fetched.
     */
    int serverAlone() throws Exception {
        XMPPTCPConnection plain = Connections.connectAndLogin(ConnectionSettings.of(aliceJid, "alice-pw").withResource("plain")
                .withServer(server.host(), server.c2sPort()).withTrustManager(server.certificate().trustManager()));
        try {
            MamManager mam = MamManager.getInstanceFor(plain);
            int pageSize = CoreBenchmarks.options(server).catchUpPageSize();
            MamManager.MamQuery query = mam.queryArchive(MamManager.MamQueryArgs.builder().setResultPageSizeTo(pageSize).build());
            int fetched = 0;
            long pageStart = System.nanoTime();
            while (true) {
                List<Message> page = query.getPage().getMamResultCarrierMessages();
                if (Boolean.getBoolean("sotto.bench.pages")) {
                    System.out.printf("  page %d: %d ms%n", fetched / pageSize, (System.nanoTime() - pageStart) / 1_000_000);
                    pageStart = System.nanoTime();
                }
                fetched += page.size();
                if (query.isComplete() || page.isEmpty()) {
                    return fetched;
                }
                String last = MamResultExtension.from(page.get(page.size() - 1)).getId();
                query = mam.queryArchive(MamManager.MamQueryArgs.builder().afterUid(last).setResultPageSizeTo(pageSize).build());
            }
        } finally {
            plain.disconnect();
        }
    }

    @Setup(Level.Iteration)
    public void aliceLoggedInFromTheSnapshot() throws Exception {
        dir = Files.createTempDirectory("sotto-bench-omemo");
        copy(snapshot.resolve("profile"), dir.resolve("profile"));
        store = StorePersistence.openOrCreate(dir.resolve("profile"), PASSPHRASE.clone());
        client = Sotto.start(store, CoreBenchmarks.options(server).withInitialHistorySize(0));
        alice = client.accounts().session(aliceJid).orElseThrow();
        alice.enableOmemo(store.omemoStore(aliceJid), EnumSet.allOf(OmemoVersion.class));
        online(alice);
        alice.drain().join();
        store.archivePositions().save(aliceJid, aliceJid, ""); // from the archive's beginning
    }

    @Benchmark
    public int catchUp() {
        int fetched = alice.catchUp().join();
        caughtUpAt = System.nanoTime();
        if (fetched < messages) {
            throw new IllegalStateException("caught up only " + fetched + " of " + messages);
        }
        return fetched;
    }

    @TearDown(Level.Iteration)
    public void checkLogOutAndDelete() throws Exception {
        alice.drain().join();
        awaitTheReceipts();
        List<ChatMessage> last = store.messages().history(aliceJid, bobJid, Optional.empty(), 1);
        client.close();
        store.close();
        StoreDatabases.delete(dir);
        if (last.isEmpty() || last.get(0).encryption() == Encryption.UNDECRYPTABLE
                || !last.get(0).body().startsWith("encrypted archived message")) {
            throw new IllegalStateException("the catch-up did not decrypt: " + last);
        }
    }

    /**
     * The delivery receipts the catch-up owes go out after it (CatchUpReceipts), so they are not in the measured time;
     * here bob must get one per message. With bob offline, a client of his fetches them from the server's offline
     * store, which also keeps them from piling up in the server's heap across iterations (its collector's work grows
     * with the heap). Prints when the last one arrived, counted from the end of the catch-up.
     */
    private void awaitTheReceipts() throws Exception {
        if (bobOnline == null) {
            XMPPTCPConnection collector = Connections.connectAndLogin(ConnectionSettings.of(bobJid, "bob-pw")
                    .withResource("collector").withServer(server.host(), server.c2sPort())
                    .withTrustManager(server.certificate().trustManager()));
            try {
                countReceipts(collector);
                awaitReceiptCount();
            } finally {
                collector.disconnect();
            }
        } else {
            awaitReceiptCount();
        }
    }

    /** Counts the delivery receipts a client of bob's gets into {@link #receiptsAtBob}. */
    private void countReceipts(XMPPTCPConnection bobsClient) {
        bobsClient.addAsyncStanzaListener(receipt -> receiptsAtBob.incrementAndGet(),
                stanza -> stanza instanceof Message m && DeliveryReceipt.from(m) != null);
    }

    private void awaitReceiptCount() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (receiptsAtBob.get() < messages && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        int got = receiptsAtBob.getAndSet(0);
        if (got < messages) {
            throw new IllegalStateException("bob got " + got + " of " + messages + " delivery receipts");
        }
        System.out.printf("(receipts: %d at bob %.2f s after the catch-up ended)%n", got, (System.nanoTime() - caughtUpAt) / 1e9);
    }

    @TearDown(Level.Trial)
    public void stopServer() throws IOException {
        if (bobOnline != null) {
            bobOnline.disconnect();
        }
        server.close();
        StoreDatabases.delete(snapshot);
    }

    private static void online(AccountSession session) {
        ConnectionState state = session.connect().orTimeout(60, TimeUnit.SECONDS).join();
        if (!(state instanceof ConnectionState.Online)) {
            throw new IllegalStateException(session.jid() + " did not come online: " + state);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source));
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
