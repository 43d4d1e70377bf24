package org.sotto.core.internal.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.connection.CertificateFingerprints;
import org.sotto.core.internal.persistence.Persistence;
import org.sotto.core.internal.persistence.store.StorePersistence;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.crypto.OmemoVersion;
import org.sotto.store.KdfParameters;
import org.sotto.store.Profile;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * Two cores with OMEMO exchange numbered messages both ways while bob's process ({@link CrashExchangeChild}, a child
 * JVM on an encrypted profile) is killed with SIGKILL at random moments and started again: afterwards every message
 * is stored exactly once on both sides, in order, decrypted, and the sessions still work both ways.
 *
 * <p>Defaults (regular suite): 20 kills, 100 messages each way, each side sending its share in every life. A longer run:
 * {@code -Dsotto.crash.kills=40 -Dsotto.crash.messages=1000} (and {@code -Dsotto.crash.seed=N} to repeat one).
 */
class CrashRestartExchangeTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    private static final String PASSPHRASE = "bob's crash profile passphrase";
    private static final KdfParameters FAST = new KdfParameters(KdfParameters.MINIMUM_MEMORY_KIB, 1, 1);
    private static final int KILLS = Integer.getInteger("sotto.crash.kills", 20);
    private static final int MESSAGES = Integer.getInteger("sotto.crash.messages", 100);
    /** The children's stderr, all lives appended, for a failure's investigation. */
    private static final Path STDERR = Path.of("target", "crash-exchange-child.log");
    private static final long SEED = Long.getLong("sotto.crash.seed", System.nanoTime());

    @TempDir
    Path temp;

    @Test
    void messagesSurviveTwentySigkillsExactlyOnceAndInOrderOnBothSides() throws Exception {
        long started = System.nanoTime();
        Random random = new Random(SEED);
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "alice-pw");
        String bob = server.register("bob", "bob-pw");
        Path bobProfile = temp.resolve("bob");
        try (StorePersistence disk = StorePersistence.owning(Profile.create(bobProfile, PASSPHRASE.toCharArray(), FAST))) {
            disk.accounts().save(AccountRecord.of(bob).withServer(server.host(), server.c2sPort())
                    .withPinnedCertificate(CertificateFingerprints.sha256(server.certificate().certificate())));
            disk.accounts().savePassword(bob, "bob-pw");
        }
        int kills = 0;
        int killedBeforeOnline = 0;
        try (StorePersistence aliceDisk = StorePersistence.owning(Profile.create(temp.resolve("alice"),
                PASSPHRASE.toCharArray(), FAST));
             TestSotto aliceDevice = new TestSotto(server, aliceDisk, TestSotto.options(server))) {
            AccountSession aliceSession = aliceDevice.sotto.accounts().add(aliceDevice.record(alice), "alice-pw");
            aliceSession.enableOmemo(aliceDisk.omemoStore(alice), EnumSet.allOf(OmemoVersion.class));
            assertInstanceOf(ConnectionState.Online.class, Await.done(aliceSession.connect()));

            // each life gets its share of the messages, both ways: alice's are sent while bob starts, runs or is dead
            CompletableFuture<Void> aliceSends = CompletableFuture.completedFuture(null);
            for (int round = 0; round < KILLS; round++) {
                int quota = share(round + 1);
                Child child = Child.start(bobProfile, bob, alice, random.nextInt(150), quota, false);
                try {
                    boolean beforeOnline = round > 0 && random.nextInt(4) == 0;
                    if (round == 0) {
                        child.awaitLine("online", Duration.ofSeconds(120)); // bob's devices are published
                    }
                    int from = share(round) + 1;
                    long paceSeed = random.nextLong();
                    aliceSends = aliceSends.thenRunAsync(() -> sendAll(aliceSession, bob, from, quota, paceSeed));
                    if (beforeOnline) {
                        // during start, unlock, login or the catch-up
                        Thread.sleep(300 + random.nextInt(2_000));
                    } else {
                        child.awaitLine("online", Duration.ofSeconds(120));
                        Thread.sleep(100 + random.nextInt(1_500));
                    }
                    // a life that ended by itself crashed: that is a defect, not a missed kill
                    int life = round + 1;
                    assertTrue(child.kill(), () -> "bob's process ended by itself in life " + life
                            + " with exit code " + child.process.exitValue() + "; it said " + child.seen()
                            + "; its stderr: " + child.stderr());
                    kills++;
                    if (!child.saw("online")) {
                        killedBeforeOnline++;
                    }
                } finally {
                    child.process.destroyForcibly();
                }
            }
            // the last life finishes the exchange and exits cleanly
            Child last = Child.start(bobProfile, bob, alice, 0, MESSAGES, true);
            try {
                last.awaitLine("complete", Duration.ofMinutes(5));
                assertTrue(last.process.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, last.process.exitValue());
            } finally {
                last.process.destroyForcibly();
            }
            aliceSends.get(5, TimeUnit.MINUTES);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3); // a long run on a loaded machine
            while (count(aliceDisk, alice, bob, Direction.INCOMING) < MESSAGES) {
                assertTrue(System.nanoTime() < deadline, "alice has " + count(aliceDisk, alice, bob, Direction.INCOMING)
                        + " of bob's " + MESSAGES + " messages");
                Thread.sleep(100);
            }
            Await.done(aliceSession.drain());

            Tally atAlice = check("alice", aliceDisk, alice, bob, "a-", "b-");
            Tally atBob;
            try (StorePersistence bobDisk = StorePersistence.openOrCreate(bobProfile, PASSPHRASE.toCharArray());
                 TestSotto bobDevice = new TestSotto(server, bobDisk, TestSotto.options(server))) {
                atBob = check("bob", bobDisk, bob, alice, "b-", "a-");
                assertEquals(List.of(), bobDisk.inboundJournal().pending(bob), "nothing left to replay");
                // the sessions still work, both ways
                AccountSession bobSession = bobDevice.sotto.accounts().session(bob).orElseThrow();
                bobSession.enableOmemo(bobDisk.omemoStore(bob), EnumSet.allOf(OmemoVersion.class));
                // the catch-up of a long run takes a while on a loaded machine: more than Await's 20 s
                assertInstanceOf(ConnectionState.Online.class, bobSession.connect().get(3, TimeUnit.MINUTES));
                assertEncrypted(Await.done(aliceSession.chats().send(bob, "after the crashes, from alice")));
                assertEncrypted(bobDevice.await(MessageAdded.class,
                        e -> e.message().body().equals("after the crashes, from alice")).message());
                assertEncrypted(Await.done(bobSession.chats().send(alice, "after the crashes, from bob")));
                assertEncrypted(aliceDevice.await(MessageAdded.class,
                        e -> e.message().body().equals("after the crashes, from bob")).message());
                // bob's catch-up after the restart (key transports from the archive again) added nothing undecryptable
                check("bob after the restart", bobDisk, bob, alice, "b-", "a-");
            }
            System.out.printf("crash exchange: seed %d, %d SIGKILLs (%d before login), %d messages each way; "
                            + "alice: %s; bob: %s; %.1f s%n", SEED, kills, killedBeforeOnline, MESSAGES, atAlice, atBob,
                    (System.nanoTime() - started) / 1e9);
        }
    }

    /** How many messages each side has sent by the end of {@code rounds} lives. */
    private static int share(int rounds) {
        return (int) ((long) MESSAGES * rounds / KILLS);
    }

    private static void sendAll(AccountSession session, String peer, int from, int to, long seed) {
        Random pace = new Random(seed);
        try {
            for (int i = from; i <= to; i++) {
                Await.done(session.chats().send(peer, "a-" + i));
                Thread.sleep(pace.nextInt(100));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Tally(int duplicates, int losses, int outOfOrder, int undecryptable) {
    }

    /** Each side's own and received numbered messages: each once, in order, and the received ones decrypted. */
    private static Tally check(String who, Persistence store, String account, String peer, String own, String received) {
        List<ChatMessage> history = store.readOnlyMessages().history(account, peer, Optional.empty(), 1_000_000);
        Tally sent = tally(history.stream().filter(m -> m.body().startsWith(own)).toList(), own);
        Tally got = tally(history.stream().filter(m -> m.body().startsWith(received)).toList(), received);
        long undecryptable = history.stream().filter(m -> m.encryption() == Encryption.UNDECRYPTABLE).count();
        Tally both = new Tally(sent.duplicates + got.duplicates, sent.losses + got.losses,
                sent.outOfOrder + got.outOfOrder, (int) undecryptable);
        assertEquals(new Tally(0, 0, 0, 0), both, who + ": duplicates, losses, out of order, undecryptable");
        for (ChatMessage m : history) {
            assertEncrypted(m);
        }
        return both;
    }

    private static Tally tally(List<ChatMessage> messages, String prefix) {
        List<Integer> numbers = messages.stream().map(m -> Integer.parseInt(m.body().substring(prefix.length()))).toList();
        int distinct = (int) numbers.stream().distinct().count();
        int outOfOrder = 0;
        for (int i = 1; i < numbers.size(); i++) {
            if (numbers.get(i) < numbers.get(i - 1)) {
                outOfOrder++;
            }
        }
        return new Tally(numbers.size() - distinct, MESSAGES - distinct, outOfOrder, 0);
    }

    private static void assertEncrypted(ChatMessage m) {
        assertTrue(m.encryption().name().startsWith("E2EE_"), m.body() + " is " + m.encryption());
    }

    private static long count(Persistence store, String account, String peer, Direction direction) {
        return store.readOnlyMessages().history(account, peer, Optional.empty(), 1_000_000).stream()
                .filter(m -> m.direction() == direction).count();
    }

    /** One life of bob's process; its output lines are collected as they come. */
    private record Child(Process process, List<String> output, long stderrFrom) {
        static Child start(Path profile, String account, String peer, int pauseMillis, int quota, boolean finalLife)
                throws IOException {
            long stderrFrom = Files.exists(STDERR) ? Files.size(STDERR) : 0;
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:TieredStopAtLevel=1",
                    "-Djava.library.path=" + System.getProperty("java.library.path"), "-cp", System.getProperty("java.class.path"),
                    CrashExchangeChild.class.getName(), profile.toString(), PASSPHRASE, account, peer,
                    Integer.toString(MESSAGES), Integer.toString(pauseMillis), Integer.toString(quota),
                    finalLife ? "final" : "killed")
                    .redirectError(ProcessBuilder.Redirect.appendTo(STDERR.toFile())).start();
            Child child = new Child(process, new ArrayList<>(), stderrFrom);
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        synchronized (child.output) {
                            child.output.add(line);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "crash-child-output");
            reader.setDaemon(true);
            reader.start();
            return child;
        }

        void awaitLine(String expected, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!saw(expected)) {
                List<String> said = seen();
                if (said.stream().anyMatch(line -> line.startsWith("failed"))) {
                    throw new AssertionError("bob's process: " + said);
                }
                if (System.nanoTime() > deadline || !process.isAlive() && !saw(expected)) {
                    throw new AssertionError("bob's process did not say '" + expected + "' within " + timeout
                            + "; it said " + seen());
                }
                Thread.sleep(50);
            }
        }

        boolean saw(String line) {
            return seen().contains(line);
        }

        List<String> seen() {
            synchronized (output) {
                return List.copyOf(output);
            }
        }

        /** What this life wrote to stderr, its last 4 000 characters. */
        String stderr() {
            try {
                String all = Files.readString(STDERR, StandardCharsets.UTF_8);
                String mine = all.substring((int) Math.min(stderrFrom, all.length()));
                return mine.substring(Math.max(0, mine.length() - 4_000));
            } catch (IOException e) {
                return "unreadable: " + e;
            }
        }

        /** SIGKILL (destroyForcibly on Unix); false if the process had already ended. */
        boolean kill() throws InterruptedException {
            boolean alive = process.isAlive();
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            return alive;
        }
    }
}
