package org.sotto.core.internal.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.internal.Sotto;
import org.sotto.core.internal.SottoOptions;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.persistence.memory.InMemoryPersistence;

/**
 * Pages of a chat before, after and around a message, through the chat service: in timeline order, within their
 * bounds, and answered while the account's worker is busy (they read on the reading connection, not the worker).
 */
class TimelinePagesTest {
    private static final String ME = "me@example.org";
    private static final String FRIEND = "friend@example.org";

    @Test
    void pagesAnswerInOrderWithinTheirBoundsWhileTheWorkerIsBusy() throws Exception {
        try (Sotto sotto = Sotto.start(new InMemoryPersistence(), SottoOptions.defaults())) {
            AccountSession session = sotto.accounts().add(AccountRecord.of(ME), "pw"); // offline: sends are stored and queued
            List<ChatMessage> sent = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                sent.add(session.chats().send(FRIEND, "m" + i).get(5, TimeUnit.SECONDS));
            }
            String m2 = sent.get(2).key();

            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch blocked = new CountDownLatch(1);
            session.customizeOutbound(pipeline -> pipeline.insertingBefore("build", "hold", message -> {
                blocked.countDown();
                release.await();
                return true;
            }));
            CompletableFuture<ChatMessage> waiting = session.chats().send(FRIEND, "held on the worker");
            try {
                assertEquals(true, blocked.await(5, TimeUnit.SECONDS), "the worker is busy");
                assertEquals(List.of("m1", "m2", "m3"), bodies(session.chats().historyAround(FRIEND, m2, 1, 1)));
                assertEquals(List.of("m3", "m4"), bodies(session.chats().historyAfter(FRIEND, m2, 2)));
                assertEquals(List.of("m0", "m1"), bodies(session.chats().historyBefore(FRIEND, m2, 5)));
                assertEquals(List.of("m5"), bodies(session.chats().historyAfter(FRIEND, sent.get(4).key(), 5)), "the end");
                assertEquals(List.of(), bodies(session.chats().historyAround(FRIEND, m2 + "-unknown", 3, 3)));
                assertEquals(List.of(), bodies(session.chats().historyAround("other@example.org", m2, 3, 3)), "another chat");
                assertFalse(waiting.isDone());
            } finally {
                release.countDown();
            }
            waiting.get(5, TimeUnit.SECONDS);
            assertEquals(List.of("m5", "held on the worker"), bodies(session.chats().historyAfter(FRIEND, sent.get(4).key(), 5)));
            assertThrows(IllegalArgumentException.class, () -> session.chats().historyAfter(FRIEND, m2, -1));
            assertThrows(IllegalArgumentException.class, () -> session.chats().historyAround("not a jid", m2, 1, 1));
            assertEquals(7, session.chats().history(FRIEND, Optional.empty(), 50).get(5, TimeUnit.SECONDS).size());
        }
    }

    private static List<String> bodies(CompletableFuture<List<ChatMessage>> page) throws Exception {
        return page.get(2, TimeUnit.SECONDS).stream().map(ChatMessage::body).toList();
    }
}
