package org.sotto.core.internal.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.ConversationSummary;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.event.UnreadCountChanged;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * Unread counts with two clients of alice (laptop, phone) and bob: live messages count, reading here or on the other
 * client (displayed marker as a carbon) and writing from either client reset, messages missed while offline count
 * after the catch-up, a new client's first look at the archive counts nothing.
 */
class UnreadCountsTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    static TestSotto laptop;
    static TestSotto phone;
    static TestSotto bobDevice;
    static AccountSession aliceOnLaptop;
    static AccountSession aliceOnPhone;
    static AccountSession bob;
    static String aliceJid;
    static String bobJid;
    static String carolJid;

    @BeforeAll
    static void twoClientsOfAliceAndOneOfBob() {
        ProsodyServer server = PROSODY.server();
        aliceJid = server.register("alice", "alice-pw");
        bobJid = server.register("bob", "bob-pw");
        carolJid = server.register("carol", "carol-pw");
        laptop = TestSotto.start(server);
        phone = TestSotto.start(server);
        bobDevice = TestSotto.start(server);
        aliceOnLaptop = laptop.online(aliceJid, "alice-pw");
        aliceOnPhone = phone.online(aliceJid, "alice-pw");
        bob = bobDevice.online(bobJid, "bob-pw");
    }

    @AfterAll
    static void close() {
        laptop.close();
        phone.close();
        bobDevice.close();
    }

    private static void awaitUnread(AccountSession session, String peer, int unread, int total) {
        Await.until(session.jid() + " to count " + unread + " unread from " + peer + " and " + total + " in all",
                () -> session.chats().unreadCounts().get().of(peer) == unread
                        && session.chats().unreadCounts().get().total() == total);
    }

    @Test
    void liveMessagesCountAndReadingHereOrOnTheOtherClientResets() {
        Await.done(bob.chats().send(aliceJid, "unread one"));
        Await.done(bob.chats().send(aliceJid, "unread two"));
        ChatMessage second = laptop.await(MessageAdded.class, e -> e.message().body().equals("unread two")).message();
        awaitUnread(aliceOnLaptop, bobJid, 2, 2);
        awaitUnread(aliceOnPhone, bobJid, 2, 2); // the phone got them too (the server sends them to both resources)
        UnreadCountChanged event = laptop.await(UnreadCountChanged.class, e -> e.peer().equals(bobJid) && e.unread() == 2);
        assertEquals(2, event.accountTotal());
        List<ConversationSummary> list = Await.done(aliceOnLaptop.chats().conversationSummaries());
        assertEquals(bobJid, list.get(0).peer());
        assertEquals(2, list.get(0).unread());
        assertEquals("unread two", list.get(0).newest().body());

        Await.done(aliceOnLaptop.chats().markDisplayed(second));
        awaitUnread(aliceOnLaptop, bobJid, 0, 0);
        assertTrue(Await.done(aliceOnLaptop.chats().history(bobJid, Optional.empty(), 10)).stream()
                .noneMatch(ChatMessage::unread), "the own incoming copies are DISPLAYED");
        // the phone learns it from the carbon of the laptop's displayed marker
        awaitUnread(aliceOnPhone, bobJid, 0, 0);
        laptop.await(UnreadCountChanged.class, e -> e.peer().equals(bobJid) && e.unread() == 0 && e.accountTotal() == 0);
        assertEquals(0, Await.done(aliceOnLaptop.chats().conversationSummaries()).get(0).unread());
    }

    @Test
    void writingFromEitherClientMeansTheConversationWasSeen() {
        Await.done(bob.chats().send(aliceJid, "are you there?"));
        awaitUnread(aliceOnLaptop, bobJid, 1, 1);
        awaitUnread(aliceOnPhone, bobJid, 1, 1);
        Await.done(aliceOnPhone.chats().send(bobJid, "answered on the phone"));
        awaitUnread(aliceOnPhone, bobJid, 0, 0);
        awaitUnread(aliceOnLaptop, bobJid, 0, 0); // the sent carbon
    }

    @Test
    void messagesMissedWhileOfflineCountAfterTheCatchUpButANewClientsFirstHistoryDoesNot() {
        Await.done(aliceOnLaptop.disconnect());
        Await.done(bob.chats().send(aliceJid, "while the laptop was off 1"));
        Await.done(bob.chats().send(aliceJid, "while the laptop was off 2"));
        awaitUnread(aliceOnPhone, bobJid, 2, 2);
        Await.done(aliceOnLaptop.connect());
        Await.done(aliceOnLaptop.drain());
        laptop.await(MessageAdded.class, e -> e.message().body().equals("while the laptop was off 2"));
        awaitUnread(aliceOnLaptop, bobJid, 2, 2);

        // a third client's first login fetches recent history: old news, nothing unread
        try (TestSotto tablet = TestSotto.start(PROSODY.server())) {
            AccountSession aliceOnTablet = tablet.online(aliceJid, "alice-pw");
            tablet.await(MessageAdded.class, e -> e.message().body().equals("while the laptop was off 2"));
            Await.done(aliceOnTablet.drain());
            ConversationSummary withBob = Await.done(aliceOnTablet.chats().conversationSummaries()).stream()
                    .filter(c -> c.peer().equals(bobJid)).findFirst().orElseThrow();
            assertEquals(0, withBob.unread());
            assertEquals(0, aliceOnTablet.chats().unreadCounts().get().total());
            assertEquals(List.of(), tablet.recorded(UnreadCountChanged.class));
        }

        // "mark all as read" without sending anything
        assertEquals(2, Await.done(aliceOnLaptop.chats().markRead(bobJid)));
        awaitUnread(aliceOnLaptop, bobJid, 0, 0);
        assertEquals(2, aliceOnPhone.chats().unreadCounts().get().of(bobJid), "markRead tells no other client");
        Await.done(aliceOnPhone.chats().markRead(bobJid));
    }
}
