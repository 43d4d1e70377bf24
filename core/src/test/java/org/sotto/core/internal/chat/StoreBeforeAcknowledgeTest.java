package org.sotto.core.internal.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.event.MessageUpdated;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.persistence.memory.InMemoryPersistence;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * "Nothing received is lost if the process dies": a received stanza is in the inbound journal before Smack counts it
 * for XEP-0198 (see {@link InboundJournalCrashTest} for a real process death), and the receipt and the archive
 * position move only after the message is stored. A message whose store failed stays in the journal and is
 * replayed at the next start; the receipt follows only then.
 */
class StoreBeforeAcknowledgeTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    @Test
    void aMessageWhoseStoringWasInterruptedByACrashIsRecoveredByTheNextCatchUp() throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "alice-pw");
        String bob = server.register("bob", "bob-pw");
        InMemoryPersistence bobsDisk = new InMemoryPersistence(); // survives the "crash" like a profile on disk
        try (TestSotto a = TestSotto.start(server)) {
            AccountSession aliceSession = a.online(alice, "alice-pw");
            CompletableFuture<String> crashed = new CompletableFuture<>();
            try (TestSotto b = new TestSotto(server, bobsDisk, TestSotto.options(server))) {
                AccountSession bobSession = b.online(bob, "bob-pw");
                AtomicBoolean first = new AtomicBoolean(true);
                bobSession.customizeInbound(pipeline -> pipeline.wrapping("store", store -> message -> {
                    if (message.message().getBody() != null && first.getAndSet(false)) {
                        crashed.complete(message.message().getBody());
                        throw new IOException("simulated: the process dies between receipt and store");
                    }
                    return store.process(message);
                }));
                Await.done(aliceSession.chats().send(bob, "do not lose me"));
                assertEquals("do not lose me", Await.done(crashed));
                Await.done(bobSession.drain());
                assertEquals(List.of(), Await.done(bobSession.chats().history(alice, Optional.empty(), 10)),
                        "the interrupted message was not stored");
                assertEquals(1, bobsDisk.inboundJournal().pending(bob).size(), "but it is in the inbound journal");
            }
            try (TestSotto restarted = new TestSotto(server, bobsDisk, TestSotto.options(server))) {
                AccountSession again = restarted.sotto.accounts().session(bob).orElseThrow(); // known from the "disk"
                assertEquals(true, Await.done(again.connect()) instanceof ConnectionState.Online);
                ChatMessage recovered = restarted.await(MessageAdded.class, e -> e.message().body().equals("do not lose me")).message();
                assertEquals(Direction.INCOMING, recovered.direction());
                assertEquals(1, Await.done(again.chats().history(alice, Optional.empty(), 10)).size());
                assertEquals(List.of(), bobsDisk.inboundJournal().pending(bob), "replayed and deleted with the store");
                // the receipt, too, went out only once the message was stored: after the restart
                a.await(MessageUpdated.class, e -> e.message().body().equals("do not lose me")
                        && e.message().status() == MessageStatus.DELIVERED);
            }
        }
    }
}
