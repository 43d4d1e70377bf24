package org.sotto.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reading connection answers while a transaction of the writing one is open, and sees only what is committed. */
class ReaderConnectionTest {
    @TempDir
    Path temp;

    private static List<String> bodies(Database db, long conversation) {
        return db.messages().newest(conversation, 10).stream().map(Message::body).toList();
    }

    @Test
    void readsDoNotWaitForAnOpenTransactionAndSeeOnlyCommittedRows() throws Exception {
        Path dir = temp.resolve("profile");
        try (Profile profile = TestProfiles.create(dir)) {
            Database db = profile.database();
            assertNotSame(db, db.reader());
            long account = db.accounts().add("me@example.org", "pw", "desk").id();
            long chat = db.conversations().open(account, "friend@example.org", ConversationKind.CHAT).id();
            db.messages().insert(Message.builder(chat, Direction.INCOMING, "friend@example.org", Instant.now())
                    .body("committed").build());

            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> db.transaction(() -> {
                db.messages().insert(Message.builder(chat, Direction.INCOMING, "friend@example.org", Instant.now())
                        .body("not yet committed").build());
                inside.countDown();
                try {
                    finish.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertTrue(inside.await(10, TimeUnit.SECONDS));
            // the writing connection's lock is held: only the reader can answer now
            List<String> during = CompletableFuture.supplyAsync(() -> bodies(db.reader(), chat)).get(10, TimeUnit.SECONDS);
            assertEquals(List.of("committed"), during);
            assertThrows(StoreException.class, () -> db.reader().accounts().add("other@example.org", "pw", "x"),
                    "the reader refuses writes");
            finish.countDown();
            writer.get(10, TimeUnit.SECONDS);
            assertEquals(List.of("committed", "not yet committed"), bodies(db.reader(), chat));

            // a passphrase change re-keys the file: the reader follows
            profile.changePassphrase(TestProfiles.PASSPHRASE.clone(), "a new passphrase".toCharArray());
            assertNotSame(db, db.reader());
            assertEquals(List.of("committed", "not yet committed"), bodies(db.reader(), chat));
        }
        try (Profile again = Profile.unlock(dir, "a new passphrase".toCharArray())) {
            Database db = again.database();
            long chat = db.conversations().list(db.accounts().find("me@example.org").orElseThrow().id()).get(0).id();
            assertEquals(List.of("committed", "not yet committed"), bodies(db.reader(), chat));
        }
    }
}
