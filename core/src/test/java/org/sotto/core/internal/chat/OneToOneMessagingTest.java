package org.sotto.core.internal.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.chat.SendFailure;
import org.sotto.core.api.chat.TypingState;
import org.sotto.core.api.event.ChatStateChanged;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.event.MessageFailed;
import org.sotto.core.api.event.MessageUpdated;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/** Three accounts on three Sotto instances exchange messages and everything that refers to messages. */
class OneToOneMessagingTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    static TestSotto aliceDevice;
    static TestSotto bobDevice;
    static TestSotto carolDevice;
    static AccountSession alice;
    static AccountSession bob;
    static AccountSession carol;
    static String aliceJid;
    static String bobJid;
    static String carolJid;

    @BeforeAll
    static void threeAccountsOnline() {
        ProsodyServer server = PROSODY.server();
        aliceJid = server.register("alice", "alice-pw");
        bobJid = server.register("bob", "bob-pw");
        carolJid = server.register("carol", "carol-pw");
        aliceDevice = TestSotto.start(server);
        bobDevice = TestSotto.start(server);
        carolDevice = TestSotto.start(server);
        alice = aliceDevice.online(aliceJid, "alice-pw");
        bob = bobDevice.online(bobJid, "bob-pw");
        carol = carolDevice.online(carolJid, "carol-pw");
    }

    @AfterAll
    static void close() {
        aliceDevice.close();
        bobDevice.close();
        carolDevice.close();
    }

    @Test
    void aMessageArrivesWithItsIdsAndTheSenderLearnsOfDeliveryAndDisplay() {
        ChatMessage sent = Await.done(alice.chats().send(bobJid, "hello bob"));
        assertEquals(MessageStatus.PENDING, sent.status());
        assertEquals(sent.messageId(), sent.originId(), "the stanza id doubles as origin-id");

        MessageAdded arrived = bobDevice.await(MessageAdded.class, e -> e.message().body().equals("hello bob"));
        ChatMessage atBob = arrived.message();
        assertTrue(arrived.live());
        assertEquals(Direction.INCOMING, atBob.direction());
        assertEquals(aliceJid, atBob.peer());
        assertEquals(sent.originId(), atBob.originId());
        assertTrue(atBob.archiveId().isPresent(), "bob's server stamps a stanza-id for bob's archive");

        // the server's ack (SENT) and bob's receipt (DELIVERED) race; status only moves forward
        aliceDevice.await(MessageUpdated.class, e -> e.message().key().equals(sent.key()) && e.message().status() != MessageStatus.PENDING);
        aliceDevice.await(MessageUpdated.class, e -> e.message().key().equals(sent.key()) && e.message().status() == MessageStatus.DELIVERED);
        Await.done(bob.chats().markDisplayed(atBob));
        aliceDevice.await(MessageUpdated.class, e -> e.message().key().equals(sent.key()) && e.message().status() == MessageStatus.DISPLAYED);
    }

    @Test
    void correctionsReactionsRepliesAndRetractionsApplyToTheRightMessage() {
        ChatMessage original = Await.done(alice.chats().send(carolJid, "teh plan"));
        ChatMessage atCarol = carolDevice.await(MessageAdded.class, e -> e.message().body().equals("teh plan")).message();

        Await.done(alice.chats().correct(original, "the plan"));
        ChatMessage corrected = carolDevice.await(MessageUpdated.class, e -> e.message().key().equals(atCarol.key()) && e.message().edited()).message();
        assertEquals("the plan", corrected.body());
        assertEquals(1, Await.done(carol.chats().history(aliceJid, Optional.empty(), 50)).stream()
                .filter(m -> m.originId().equals(atCarol.originId())).count(), "a correction is not a new message");

        Await.done(carol.chats().react(corrected, Set.of("👍", "🎉")));
        ChatMessage reacted = aliceDevice.await(MessageUpdated.class, e -> e.message().key().equals(original.key())
                && !e.message().reactions().isEmpty()).message();
        assertEquals(Map.of(carolJid, Set.of("👍", "🎉")), reacted.reactions());

        ChatMessage reply = Await.done(carol.chats().reply(corrected, "sounds good"));
        ChatMessage replyAtAlice = aliceDevice.await(MessageAdded.class, e -> e.message().body().equals("sounds good")).message();
        assertEquals(original.messageId(), replyAtAlice.replyToId());
        assertEquals(reply.replyToId(), replyAtAlice.replyToId());

        Await.done(alice.chats().retract(reacted));
        ChatMessage retracted = carolDevice.await(MessageUpdated.class, e -> e.message().key().equals(atCarol.key()) && e.message().retracted()).message();
        assertEquals("", retracted.body());
    }

    @Test
    void onlyTheOriginalSenderCanCorrectOrRetract() {
        ChatMessage fromBob = Await.done(bob.chats().send(carolJid, "bob's words"));
        ChatMessage atCarol = carolDevice.await(MessageAdded.class, e -> e.message().body().equals("bob's words")).message();
        // alice claims to correct bob's message by reusing its id in a message to carol
        ChatMessage aliceOwn = Await.done(alice.chats().send(carolJid, "alice's words"));
        carolDevice.await(MessageAdded.class, e -> e.message().body().equals("alice's words"));
        ChatMessage forged = new ChatMessage(aliceOwn.key(), aliceJid, carolJid, ChatKind.CHAT, Direction.OUTGOING, aliceJid,
                "alice's words", aliceOwn.timestamp(), fromBob.messageId(), fromBob.originId(), Optional.empty(),
                MessageStatus.SENT, Encryption.PLAINTEXT, Optional.empty(), false, false, Map.of());
        alice.chats().correct(forged, "bob says alice is right").exceptionally(e -> null).join();
        Await.done(alice.chats().send(carolJid, "marker after the forgery"));
        carolDevice.await(MessageAdded.class, e -> e.message().body().equals("marker after the forgery"));
        Await.done(carol.drain());
        ChatMessage stillBob = Await.done(carol.chats().history(bobJid, Optional.empty(), 10)).stream()
                .filter(m -> m.key().equals(atCarol.key())).findFirst().orElseThrow();
        assertEquals("bob's words", stillBob.body());
        assertFalse(stillBob.edited());
    }

    @Test
    void aDisplayedMarkerCoversEarlierMessagesToo() {
        ChatMessage first = Await.done(alice.chats().send(carolJid, "first of two"));
        ChatMessage second = Await.done(alice.chats().send(carolJid, "second of two"));
        carolDevice.await(MessageAdded.class, e -> e.message().body().equals("first of two"));
        ChatMessage secondAtCarol = carolDevice.await(MessageAdded.class, e -> e.message().body().equals("second of two")).message();
        aliceDevice.await(MessageUpdated.class, e -> e.message().key().equals(first.key()) && e.message().status() != MessageStatus.PENDING);
        Await.done(carol.chats().markDisplayed(secondAtCarol));
        aliceDevice.await(MessageUpdated.class, e -> e.message().key().equals(second.key()) && e.message().status() == MessageStatus.DISPLAYED);
        aliceDevice.await(MessageUpdated.class, e -> e.message().key().equals(first.key()) && e.message().status() == MessageStatus.DISPLAYED);
    }

    @Test
    void aMessageToAnAccountThatDoesNotExistFails() {
        ChatMessage lost = Await.done(alice.chats().send("nobody@localhost", "anyone there?"));
        ChatMessage failed = aliceDevice.await(MessageUpdated.class, e -> e.message().key().equals(lost.key())
                && e.message().status() == MessageStatus.FAILED).message();
        assertEquals("nobody@localhost", failed.peer());
        MessageFailed why = aliceDevice.await(MessageFailed.class,
                e -> e.message().key().equals(lost.key()));
        assertEquals(SendFailure.RECIPIENT_UNREACHABLE, why.failure());
    }

    @Test
    void typingNotificationsReachTheContact() {
        Await.done(bob.chats().sendTyping(aliceJid, TypingState.COMPOSING));
        ChatStateChanged typing = aliceDevice.await(ChatStateChanged.class, e -> e.peer().equals(bobJid));
        assertEquals(TypingState.COMPOSING, typing.state());
    }

    @Test
    void conversationsListTheNewestMessageOfEachContact() {
        Await.done(carol.chats().send(bobJid, "to bob from carol"));
        Await.done(carol.chats().send(aliceJid, "to alice from carol"));
        List<ChatMessage> conversations = Await.done(carol.chats().conversations());
        assertEquals(aliceJid, conversations.get(0).peer());
        assertTrue(conversations.stream().anyMatch(c -> c.peer().equals(bobJid)));
    }
}
