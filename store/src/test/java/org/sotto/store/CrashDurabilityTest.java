package org.sotto.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.crypto.OmemoVersion;

/**
 * A child JVM writes 1 000 mixed rows and is killed with SIGKILL at random (seeded) points; after every kill the
 * database opens, passes integrity_check and holds every row the child reported as committed.
 */
class CrashDurabilityTest {
    private static final int WRITES = 1_000;
    private static final long SEED = 20261123L;

    @Test
    void everyCommittedWriteSurvivesSigkill(@TempDir Path temp) throws Exception {
        Path dir = temp.resolve("profile");
        try (Profile profile = TestProfiles.create(dir)) {
            long account = profile.database().accounts().add("crash@example.org", "pw", null).id();
            profile.database().conversations().open(account, CrashWriter.PEER, ConversationKind.CHAT);
        }
        Random random = new Random(SEED);
        ConcurrentSkipListSet<Integer> committed = new ConcurrentSkipListSet<>();
        int kills = 0;
        int next = 0;
        while (next < WRITES) {
            int killAfter = committed.size() + 60 + random.nextInt(200);
            boolean killed = runChild(dir, next, committed, killAfter, random.nextInt(8));
            kills += killed ? 1 : 0;
            verify(dir, committed);
            next = committed.isEmpty() ? 0 : committed.last() + 1;
        }
        System.out.println("SIGKILLed the writer " + kills + " times during " + WRITES + " writes");
        assertTrue(kills >= 3, "expected several kills, got " + kills);
        assertEquals(WRITES, committed.size());
    }

    /** Runs a child from {@code from}; kills it once {@code killAfter} writes are committed plus a few ms. */
    private static boolean runChild(Path dir, int from, ConcurrentSkipListSet<Integer> committed, int killAfter,
                                    int extraMillis) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), dir.toString(), Integer.toString(from), Integer.toString(WRITES))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        CountDownLatch reachedTarget = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("committed ")) {
                        committed.add(Integer.parseInt(line.substring("committed ".length())));
                        if (committed.size() >= killAfter) {
                            reachedTarget.countDown();
                        }
                    }
                }
            } catch (IOException e) {
                // the child died: its pipe closed
            }
            reachedTarget.countDown();
        });
        reader.start();
        assertTrue(reachedTarget.await(120, TimeUnit.SECONDS), "child made no progress");
        boolean killed = false;
        if (child.isAlive()) {
            Thread.sleep(extraMillis);
            child.destroyForcibly(); // SIGKILL on POSIX
            killed = true;
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        reader.join(10_000);
        assertFalse(reader.isAlive());
        if (!killed) {
            assertEquals(0, child.exitValue(), "the child failed on its own");
        }
        return killed;
    }

    private static void verify(Path dir, ConcurrentSkipListSet<Integer> committed) {
        try (Profile profile = TestProfiles.unlock(dir)) {
            Database db = profile.database();
            assertEquals(List.of(), db.integrityCheck());
            long account = db.accounts().find("crash@example.org").orElseThrow().id();
            long chat = db.conversations().find(account, CrashWriter.PEER).orElseThrow().id();
            for (int i : committed) {
                switch (i % 4) {
                    case 0 -> assertArrayEquals(CrashWriter.record(i), db.omemo().sessions()
                            .find(account, CrashWriter.PEER, i, OmemoVersion.V2).orElseThrow(), "session " + i);
                    case 1 -> assertTrue(db.messages().findByOriginId(chat, "crash@example.org", "o-" + i).isPresent(), "message " + i);
                    // write i+1 uses prekey i up; if it committed (reported or not), its session is there too
                    case 2 -> assertTrue(db.omemo().preKeys().contains(account, OmemoVersion.V2, i) || db.omemo().sessions()
                            .contains(account, CrashWriter.PEER, i + 1, OmemoVersion.V0_3), "prekey " + i);
                    default -> {
                        assertArrayEquals(CrashWriter.record(i), db.omemo().sessions()
                                .find(account, CrashWriter.PEER, i, OmemoVersion.V0_3).orElseThrow(), "session " + i);
                        assertTrue(db.messages().findByOriginId(chat, "crash@example.org", "o-" + i).isPresent(), "message " + i);
                        assertFalse(db.omemo().preKeys().contains(account, OmemoVersion.V2, i - 1), "prekey " + (i - 1) + " used in " + i);
                    }
                }
            }
        }
    }
}
