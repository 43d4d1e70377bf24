package org.sotto.core.internal.muc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.bookmarks.BookmarkManager;
import org.jivesoftware.smackx.bookmarks.BookmarkedConference;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.pep.PepManager;
import org.jivesoftware.smackx.pubsub.Item;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jxmpp.jid.impl.JidCreate;

import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.event.InvitationReceived;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.event.OccupantsChanged;
import org.sotto.core.api.event.SubjectChanged;
import org.sotto.core.api.room.Bookmark;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.connection.ConnectionSettings;
import org.sotto.core.internal.connection.Connections;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

class GroupChatTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    @Test
    void threeOccupantsTalkAndALatecomerReadsTheHistoryFromTheRoomArchive() {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "alice-pw");
        String bob = server.register("bob", "bob-pw");
        String carol = server.register("carol", "carol-pw");
        String dave = server.register("dave", "dave-pw");
        String room = "plans@" + ProsodyServer.MUC_DOMAIN;
        try (TestSotto a = TestSotto.start(server); TestSotto b = TestSotto.start(server);
             TestSotto c = TestSotto.start(server); TestSotto d = TestSotto.start(server)) {
            AccountSession aliceSession = a.online(alice, "alice-pw");
            AccountSession bobSession = b.online(bob, "bob-pw");
            AccountSession carolSession = c.online(carol, "carol-pw");
            AccountSession daveSession = d.online(dave, "dave-pw");

            Await.done(aliceSession.groupChats().join(room, "Alice"));
            Await.done(aliceSession.groupChats().changeSubject(room, "Weekend plans"));
            Await.done(aliceSession.groupChats().invite(room, bob, Optional.of("join us")));
            InvitationReceived invitation = b.await(InvitationReceived.class, e -> e.room().equals(room));
            assertEquals(room + "/Alice", invitation.inviter(), "a semi-anonymous room names the occupant");
            Await.done(bobSession.groupChats().join(invitation.room(), "Bob"));
            Await.done(carolSession.groupChats().join(room, "Carol"));
            a.await(OccupantsChanged.class, e -> e.nicknames().equals(List.of("Alice", "Bob", "Carol")));
            assertEquals(List.of("Alice", "Bob", "Carol"), Await.done(carolSession.groupChats().occupantNicknames(room)));
            c.await(SubjectChanged.class, e -> e.subject().equals("Weekend plans"));

            // one after the other, as people talk (each waits until the room has passed the previous one on)
            Await.done(aliceSession.groupChats().send(room, "hiking on saturday?"));
            c.await(MessageAdded.class, e -> e.message().body().equals("hiking on saturday?"));
            Await.done(bobSession.groupChats().send(room, "yes!"));
            c.await(MessageAdded.class, e -> e.message().body().equals("yes!"));
            Await.done(carolSession.groupChats().send(room, "count me in"));
            for (TestSotto device : List.of(a, b, c)) {
                device.await(MessageAdded.class, e -> e.message().body().equals("count me in"));
                device.await(MessageAdded.class, e -> e.message().body().equals("yes!"));
                device.await(MessageAdded.class, e -> e.message().body().equals("hiking on saturday?"));
            }
            ChatMessage atBob = b.recorded(MessageAdded.class).stream().map(MessageAdded::message)
                    .filter(m -> m.body().equals("hiking on saturday?")).findFirst().orElseThrow();
            assertEquals(ChatKind.GROUPCHAT, atBob.kind());
            assertEquals(room + "/Alice", atBob.sender());
            assertEquals(Direction.INCOMING, atBob.direction());
            Await.done(aliceSession.drain());
            List<ChatMessage> aliceLog = Await.done(aliceSession.groupChats().history(room, 50));
            assertEquals(List.of("hiking on saturday?", "yes!", "count me in"), aliceLog.stream().map(ChatMessage::body).toList(),
                    "the room's reflection of alice's own message is not a second copy");
            assertTrue(aliceLog.get(0).archiveId().isPresent(), "the reflection taught alice the room's stanza-id");

            Await.done(daveSession.groupChats().join(room, "Dave"));
            Await.done(daveSession.drain());
            assertEquals(List.of("hiking on saturday?", "yes!", "count me in"),
                    Await.done(daveSession.groupChats().history(room, 50)).stream().map(ChatMessage::body).toList());

            Await.done(carolSession.groupChats().leave(room));
            a.await(OccupantsChanged.class, e -> e.nicknames().equals(List.of("Alice", "Bob", "Dave")));
        }
    }

    @Test
    void anOccupantChangesTheNicknameAndTheOthersSeeItAndItsLaterMessages() {
        ProsodyServer server = PROSODY.server();
        String frank = server.register("frank", "frank-pw");
        String gina = server.register("gina", "gina-pw");
        String hank = server.register("hank", "hank-pw");
        String room = "renames@" + ProsodyServer.MUC_DOMAIN;
        try (TestSotto f = TestSotto.start(server); TestSotto g = TestSotto.start(server); TestSotto h = TestSotto.start(server)) {
            AccountSession frankSession = f.online(frank, "frank-pw");
            AccountSession ginaSession = g.online(gina, "gina-pw");
            AccountSession hankSession = h.online(hank, "hank-pw");
            Await.done(frankSession.groupChats().join(room, "Frank"));
            Await.done(ginaSession.groupChats().join(room, "Gina"));
            Await.done(hankSession.groupChats().join(room, "Hank"));
            g.await(OccupantsChanged.class, e -> e.nicknames().equals(List.of("Frank", "Gina", "Hank")));

            Await.done(frankSession.groupChats().changeNickname(room, "Francis"));
            assertEquals(Optional.of("Francis"), frankSession.groupChats().ownNickname(room));
            for (TestSotto other : List.of(g, h)) {
                other.await(OccupantsChanged.class, e -> e.nicknames().equals(List.of("Francis", "Gina", "Hank")));
            }
            assertEquals(List.of("Francis", "Gina", "Hank"), Await.done(frankSession.groupChats().occupantNicknames(room)));

            Await.done(frankSession.groupChats().send(room, "call me Francis now"));
            ChatMessage atGina = g.await(MessageAdded.class, e -> e.message().body().equals("call me Francis now")).message();
            assertEquals(room + "/Francis", atGina.sender());
            ChatMessage atHank = h.await(MessageAdded.class, e -> e.message().body().equals("call me Francis now")).message();
            assertEquals(room + "/Francis", atHank.sender());
            Await.done(frankSession.drain());
            assertEquals(List.of("call me Francis now"),
                    Await.done(frankSession.groupChats().history(room, 10)).stream().map(ChatMessage::body).toList(),
                    "the reflection under the new nickname is recognised as frank's own message");
        }
    }

    @Test
    void aBookmarkedAutojoinRoomIsEnteredByTheUsersOtherClientAtLogin() {
        ProsodyServer server = PROSODY.server();
        String erin = server.register("erin", "erin-pw");
        String room = "book-club@" + ProsodyServer.MUC_DOMAIN;
        try (TestSotto laptop = TestSotto.start(server)) {
            AccountSession onLaptop = laptop.online(erin, "erin-pw");
            Await.done(onLaptop.groupChats().join(room, "Erin"));
            Await.done(onLaptop.groupChats().bookmark(room, "Book club", Optional.of("Erin-phone"), true));
            assertEquals(List.of(new Bookmark(room, "Book club", Optional.of("Erin-phone"), true)),
                    Await.done(onLaptop.groupChats().bookmarks()));

            try (TestSotto phone = TestSotto.start(server)) {
                AccountSession onPhone = phone.online(erin, "erin-pw");
                assertEquals(Optional.of("Erin-phone"), onPhone.groupChats().ownNickname(room));
                phone.await(OccupantsChanged.class, e -> e.room().equals(room) && e.nicknames().equals(List.of("Erin", "Erin-phone")));
            }
            Await.done(onLaptop.groupChats().removeBookmark(room));
            assertEquals(List.of(), Await.done(onLaptop.groupChats().bookmarks()));
        }
    }

    @Test
    void bookmarksLiveInThePepNodeOfXep0402AndTheServerMirrorsThemForXep0048Clients() throws Exception {
        ProsodyServer server = PROSODY.server();
        String ivy = server.register("ivy", "ivy-pw");
        String room = "garden@" + ProsodyServer.MUC_DOMAIN;
        String otherRoom = "tea@" + ProsodyServer.MUC_DOMAIN;
        XMPPTCPConnection legacyClient = Connections.create(ConnectionSettings.of(ivy, "ivy-pw")
                .withServer(server.host(), server.c2sPort()).withTrustManager(server.certificate().trustManager()));
        try (TestSotto t = TestSotto.start(server)) {
            AccountSession session = t.online(ivy, "ivy-pw");
            Await.done(session.groupChats().bookmark(room, "Garden", Optional.of("Ivy"), true));

            legacyClient.connect().login();
            assertTrue(ServiceDiscoveryManager.getInstanceFor(legacyClient)
                    .accountSupportsFeatures("urn:xmpp:bookmarks:1#compat"), "so Sotto took the XEP-0402 path");
            List<? extends Item> items = PepManager.getInstanceFor(legacyClient)
                    .getPepPubSubManager().getLeafNode("urn:xmpp:bookmarks:1").getItems();
            assertEquals(List.of(room), items.stream().map(Item::getId).toList(),
                    "one XEP-0402 item, its id the room");
            BookmarkManager legacy = BookmarkManager.getBookmarkManager(legacyClient);
            assertEquals(List.of("Garden"), legacy.getBookmarkedConferences().stream().map(BookmarkedConference::getName).toList(),
                    "the server mirrors it into XEP-0048 private storage");

            legacy.addBookmarkedConference("Tea", JidCreate.entityBareFrom(otherRoom), false, null, null);
            assertEquals(List.of(new Bookmark(room, "Garden", Optional.of("Ivy"), true),
                            new Bookmark(otherRoom, "Tea", Optional.empty(), false)),
                    Await.done(session.groupChats().bookmarks()).stream()
                            .sorted(Comparator.comparing(Bookmark::room)).toList());

            Await.done(session.groupChats().removeBookmark(room));
            assertEquals(List.of(otherRoom), Await.done(session.groupChats().bookmarks()).stream().map(Bookmark::room).toList());
        } finally {
            legacyClient.disconnect();
        }
    }
}
