package org.sotto.core.internal.persistence.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.event.MessageUpdated;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.store.Profile;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * Two Sottos on real encrypted profiles against the real Prosody: what is sent and received is in both profiles,
 * survives closing and reopening them, and a MAM catch-up after reopening adds nothing twice.
 */
class StorePersistenceEndToEndTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    private static final String PASSPHRASE = "end-to-end profile passphrase";

    @TempDir
    Path temp;

    private static StorePersistence create(Path dir) {
        return StorePersistence.owning(Profile.create(dir, PASSPHRASE.toCharArray(), StorePersistenceTest.FAST));
    }

    private static StorePersistence reopen(Path dir) {
        return StorePersistence.openOrCreate(dir, PASSPHRASE.toCharArray());
    }

    private static List<String> bodies(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::body).toList();
    }

    private static AccountSession reconnect(TestSotto device, String jid) {
        AccountSession session = device.sotto.accounts().session(jid).orElseThrow();
        assertInstanceOf(ConnectionState.Online.class, Await.done(session.connect()));
        return session;
    }

    @Test
    void messagesLiveInBothProfilesSurviveReopeningAndCatchUpAddsNoDuplicates() {
        ProsodyServer server = PROSODY.server();
        String kim = server.register("kim", "kim-pw");
        String lee = server.register("lee", "lee-pw");
        Path kimDir = temp.resolve("kim");
        Path leeDir = temp.resolve("lee");

        // 1. live exchange, both sides on encrypted profiles
        try (StorePersistence kimStore = create(kimDir); StorePersistence leeStore = create(leeDir);
             TestSotto kimDevice = new TestSotto(server, kimStore, TestSotto.options(server));
             TestSotto leeDevice = new TestSotto(server, leeStore, TestSotto.options(server))) {
            AccountSession kimSession = kimDevice.online(kim, "kim-pw");
            AccountSession leeSession = leeDevice.online(lee, "lee-pw");
            Await.done(kimSession.chats().send(lee, "hello lee"));
            // lee's receipt goes out only after the message is committed to lee's profile
            kimDevice.await(MessageUpdated.class, e -> e.message().body().equals("hello lee")
                    && e.message().status() == MessageStatus.DELIVERED);
            assertEquals(List.of("hello lee"), bodies(leeStore.messages().history(lee, kim, Optional.empty(), 10)));
            leeDevice.await(MessageAdded.class, e -> e.message().body().equals("hello lee"));
            Await.done(leeSession.chats().send(kim, "hello kim"));
            kimDevice.await(MessageAdded.class, e -> e.message().body().equals("hello kim"));
            Await.until("kim's outbox is empty", () -> kimStore.outbox().pending(kim).isEmpty());
            Await.until("lee's outbox is empty", () -> leeStore.outbox().pending(lee).isEmpty());
            Await.until("lee's answer made kim's message read", () -> leeStore.messages().unreadCount(lee, kim) == 0);
            Await.done(kimSession.drain());
            Await.done(leeSession.drain());
        }

        // 2. closed and reopened without any network: both profiles hold both messages, with the password
        try (StorePersistence kimStore = reopen(kimDir); StorePersistence leeStore = reopen(leeDir)) {
            List<ChatMessage> atKim = kimStore.messages().history(kim, lee, Optional.empty(), 100);
            List<ChatMessage> atLee = leeStore.messages().history(lee, kim, Optional.empty(), 100);
            assertEquals(List.of("hello lee", "hello kim"), bodies(atKim));
            assertEquals(List.of("hello lee", "hello kim"), bodies(atLee));
            assertEquals(List.of(Direction.OUTGOING, Direction.INCOMING), atKim.stream().map(ChatMessage::direction).toList());
            assertEquals(List.of(Direction.INCOMING, Direction.OUTGOING), atLee.stream().map(ChatMessage::direction).toList());
            // lee answered, so kim's message counts as read there (docs/core.md, "Unread counts"), and that persisted
            assertEquals(MessageStatus.DISPLAYED, atLee.get(0).status());
            assertEquals(0, leeStore.messages().unreadCount(lee, kim));
            assertEquals(Optional.of("lee-pw"), leeStore.accounts().password(lee));
            assertTrue(leeStore.archivePositions().lastArchiveId(lee, lee).isPresent(), "the catch-up position was kept");
        }

        // 3. kim writes while lee's Sotto is closed; lee reopens, logs in from the stored account and catches up,
        //    then catches up again from the archive's beginning: nothing is added twice
        try (StorePersistence kimStore = reopen(kimDir);
             TestSotto kimDevice = new TestSotto(server, kimStore, TestSotto.options(server))) {
            AccountSession kimSession = reconnect(kimDevice, kim);
            Await.done(kimSession.chats().send(lee, "while you were away"));
            kimDevice.await(MessageUpdated.class, e -> e.message().body().equals("while you were away")
                    && e.message().status() != MessageStatus.PENDING);
            // kim's own catch-up from the beginning meets the stored copies of everything
            kimStore.archivePositions().save(kim, kim, "");
            assertTrue(Await.done(kimSession.catchUp()) >= 3);
            assertEquals(List.of("hello lee", "hello kim", "while you were away"),
                    bodies(kimStore.messages().history(kim, lee, Optional.empty(), 100)));
        }
        try (StorePersistence leeStore = reopen(leeDir);
             TestSotto leeDevice = new TestSotto(server, leeStore, TestSotto.options(server))) {
            AccountSession leeSession = reconnect(leeDevice, lee);
            leeDevice.await(MessageAdded.class, e -> e.message().body().equals("while you were away"));
            Await.done(leeSession.drain());
            leeStore.archivePositions().save(lee, lee, "");
            assertTrue(Await.done(leeSession.catchUp()) >= 3, "the whole archive came again");
            Await.done(leeSession.drain());
            assertEquals(List.of("hello lee", "hello kim", "while you were away"),
                    bodies(leeStore.messages().history(lee, kim, Optional.empty(), 100)));
            assertEquals(1, leeDevice.recorded(MessageAdded.class).size(), "only the new message was added");
        }
        try (StorePersistence leeStore = reopen(leeDir)) {
            assertEquals(List.of("hello lee", "hello kim", "while you were away"),
                    bodies(leeStore.messages().history(lee, kim, Optional.empty(), 100)));
        }
    }
}
