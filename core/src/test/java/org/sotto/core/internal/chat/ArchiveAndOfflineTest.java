package org.sotto.core.internal.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.chat.ScrollbackResult;
import org.sotto.core.api.event.CatchUpProgress;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.event.MessageUpdated;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.persistence.memory.InMemoryPersistence;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/** Offline delivery, the offline queue, and MAM catch-up and scrollback without gaps or duplicates. */
class ArchiveAndOfflineTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    private static List<String> bodies(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::body).toList();
    }

    private static void sendAll(AccountSession from, String to, List<String> texts) {
        List<CompletableFuture<ChatMessage>> sent = new ArrayList<>();
        texts.forEach(text -> sent.add(from.chats().send(to, text)));
        sent.forEach(Await::done);
    }

    @Test
    void aMessageSentWhileTheContactWasNeverOnlineArrivesAtTheirFirstLogin() {
        ProsodyServer server = PROSODY.server();
        String dora = server.register("dora", "dora-pw");
        String eve = server.register("eve", "eve-pw");
        try (TestSotto doraDevice = TestSotto.start(server); TestSotto eveDevice = TestSotto.start(server)) {
            AccountSession doraSession = doraDevice.online(dora, "dora-pw");
            Await.done(doraSession.chats().send(eve, "welcome, eve"));
            doraDevice.await(MessageUpdated.class, e -> e.message().status() == MessageStatus.SENT);

            eveDevice.online(eve, "eve-pw");
            MessageAdded arrived = eveDevice.await(MessageAdded.class, e -> e.message().body().equals("welcome, eve"));
            assertEquals(dora, arrived.message().peer());
            assertTrue(!arrived.live(), "from the archive, so no notification-worthy live message");
        }
    }

    @Test
    void whatIsSentWhileDisconnectedGoesOutOnceAfterReconnectingInOrder() {
        ProsodyServer server = PROSODY.server();
        String fred = server.register("fred", "fred-pw");
        String gina = server.register("gina", "gina-pw");
        try (TestSotto fredDevice = TestSotto.start(server); TestSotto ginaDevice = TestSotto.start(server)) {
            AccountSession fredSession = fredDevice.online(fred, "fred-pw");
            AccountSession ginaSession = ginaDevice.online(gina, "gina-pw");
            Await.done(fredSession.disconnect());

            List<String> texts = List.of("queued 1", "queued 2", "queued 3");
            sendAll(fredSession, gina, texts);
            assertEquals(3, fredDevice.persistence.outbox().pending(fred).size());
            assertTrue(Await.done(fredSession.chats().history(gina, Optional.empty(), 10)).stream()
                    .allMatch(m -> m.status() == MessageStatus.PENDING));

            assertInstanceOf(ConnectionState.Online.class, Await.done(fredSession.connect()));
            ginaDevice.await(MessageAdded.class, e -> e.message().body().equals("queued 3"));
            Await.done(ginaSession.drain());
            assertEquals(texts, bodies(Await.done(ginaSession.chats().history(fred, Optional.empty(), 10))));
            Await.until("fred's outbox is empty", () -> fredDevice.persistence.outbox().pending(fred).isEmpty());
        }
    }

    @Test
    void catchUpOfAThousandMessagesHasNoGapsAndNoDuplicatesAndScrollbackPagesBackwards() {
        ProsodyServer server = PROSODY.server();
        String hank = server.register("hank", "hank-pw");
        String iris = server.register("iris", "iris-pw");
        InMemoryPersistence irisStore = new InMemoryPersistence();
        List<String> texts = IntStream.range(0, 1000).mapToObj(i -> "message " + i).toList();
        try (TestSotto hankDevice = TestSotto.start(server)) {
            AccountSession hankSession = hankDevice.online(hank, "hank-pw");
            TestSotto irisDevice = new TestSotto(server, irisStore, TestSotto.options(server));
            AccountSession irisSession = irisDevice.online(iris, "iris-pw");
            // a few live messages first, so catch-up must also de-duplicate against them
            sendAll(hankSession, iris, texts.subList(0, 10));
            irisDevice.await(MessageAdded.class, e -> e.message().body().equals("message 9"));
            Await.done(irisSession.disconnect());

            sendAll(hankSession, iris, texts.subList(10, 1000));
            Await.until("hank's outbox is empty", () -> hankDevice.persistence.outbox().pending(hank).isEmpty());

            // catch up from an older position than necessary: the first ten come again and must be dropped
            irisStore.archivePositions().save(iris, iris, "");
            irisDevice.clearEvents();
            assertInstanceOf(ConnectionState.Online.class, Await.done(irisSession.connect()));
            CatchUpProgress done = irisDevice.await(CatchUpProgress.class, CatchUpProgress::done);
            assertEquals(1000, done.fetched());
            assertTrue(irisDevice.recorded(CatchUpProgress.class).size() >= 4, "paged, with progress");
            assertEquals(texts, bodies(Await.done(irisSession.chats().history(hank, Optional.empty(), 5000))));
            // the receipts the catch-up owes follow it (CatchUpReceipts): hank learns of every delivery
            Await.until("hank has a receipt for each of the 1000", () -> Await.done(
                    hankSession.chats().history(iris, Optional.empty(), 5000)).stream()
                    .filter(m -> m.status() == MessageStatus.DELIVERED).count() == 1000);
            irisDevice.close();
        }

        // a new device of iris sees only the newest page and then scrolls back through the whole archive
        try (TestSotto tablet = new TestSotto(server, new InMemoryPersistence(), TestSotto.options(server).withInitialHistorySize(30))) {
            AccountSession irisOnTablet = tablet.online(iris, "iris-pw");
            assertEquals(texts.subList(970, 1000), bodies(Await.done(irisOnTablet.chats().history(hank, Optional.empty(), 5000))));
            int pages = 0;
            ScrollbackResult page;
            do {
                page = Await.done(irisOnTablet.chats().loadOlder(hank, 250));
                pages++;
            } while (!page.reachedStart() && pages < 10);
            assertTrue(page.reachedStart());
            assertEquals(texts, bodies(Await.done(irisOnTablet.chats().history(hank, Optional.empty(), 5000))));
        }
    }
}
