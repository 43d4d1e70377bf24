package org.sotto.core.internal.contacts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.bookmarks.BookmarkManager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jxmpp.jid.impl.JidCreate;

import org.sotto.core.api.contacts.Avatar;
import org.sotto.core.api.contacts.SubscriptionState;
import org.sotto.core.api.event.AvatarChanged;
import org.sotto.core.api.event.BookmarksChanged;
import org.sotto.core.api.event.RosterChanged;
import org.sotto.core.api.event.SubscriptionRequested;
import org.sotto.core.api.room.Bookmark;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.connection.ConnectionSettings;
import org.sotto.core.internal.connection.Connections;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/** Changes announced by the server as they happen: bookmarks of the user's other clients, contacts' avatars. */
class PepNotificationsTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    /** Two valid 1×1 PNGs (a transparent and a red pixel). */
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");
    private static final byte[] RED_PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    @Test
    void aBookmarkAddedOrRemovedOnAnotherClientIsAnnounced() throws Exception {
        ProsodyServer server = PROSODY.server();
        String dana = server.register("dana", "dana-pw");
        String room = "books@" + ProsodyServer.MUC_DOMAIN;
        String legacyRoom = "legacy@" + ProsodyServer.MUC_DOMAIN;
        XMPPTCPConnection legacyClient = Connections.create(ConnectionSettings.of(dana, "dana-pw")
                .withServer(server.host(), server.c2sPort()).withTrustManager(server.certificate().trustManager()));
        try (TestSotto laptop = TestSotto.start(server); TestSotto phone = TestSotto.start(server)) {
            AccountSession onLaptop = laptop.online(dana, "dana-pw");
            AccountSession onPhone = phone.online(dana, "dana-pw");

            Await.done(onPhone.groupChats().bookmark(room, "Books", Optional.of("Dana"), false));
            BookmarksChanged added = laptop.await(BookmarksChanged.class, e -> !e.published().isEmpty());
            assertEquals(dana, added.account());
            assertEquals(List.of(new Bookmark(room, "Books", Optional.of("Dana"), false)), added.published());
            assertEquals(List.of(), added.removed());

            Await.done(onPhone.groupChats().removeBookmark(room));
            BookmarksChanged removed = laptop.await(BookmarksChanged.class, e -> !e.removed().isEmpty());
            assertEquals(List.of(room), removed.removed());
            assertEquals(List.of(), removed.published());

            // a XEP-0048 client's change reaches the PEP node through the server's compat layer, and so Sotto
            legacyClient.connect().login();
            BookmarkManager.getBookmarkManager(legacyClient)
                    .addBookmarkedConference("Legacy", JidCreate.entityBareFrom(legacyRoom), true, null, null);
            BookmarksChanged fromLegacy = laptop.await(BookmarksChanged.class,
                    e -> e.published().stream().anyMatch(b -> b.room().equals(legacyRoom)));
            assertEquals(new Bookmark(legacyRoom, "Legacy", Optional.empty(), true), fromLegacy.published().get(0));
        } finally {
            legacyClient.disconnect();
        }
    }

    @Test
    void aContactsNewAvatarIsFetchedAndAnnounced() throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "alice-pw");
        String bob = server.register("bob", "bob-pw");
        XMPPTCPConnection alicesOtherClient = Connections.create(ConnectionSettings.of(alice, "alice-pw")
                .withServer(server.host(), server.c2sPort()).withTrustManager(server.certificate().trustManager()));
        try (TestSotto a = TestSotto.start(server); TestSotto b = TestSotto.start(server)) {
            AccountSession aliceSession = a.online(alice, "alice-pw");
            AccountSession bobSession = b.online(bob, "bob-pw");
            Await.done(bobSession.contacts().add(alice, Optional.empty(), Set.of()));
            a.await(SubscriptionRequested.class, e -> e.from().equals(bob));
            Await.done(aliceSession.contacts().approve(bob));
            // and back: XEP-0163 notifications go to contacts whose presence (with caps) alice's server receives
            Await.done(aliceSession.contacts().add(bob, Optional.empty(), Set.of()));
            b.await(SubscriptionRequested.class, e -> e.from().equals(alice));
            Await.done(bobSession.contacts().approve(alice));
            b.await(RosterChanged.class, e -> e.contacts().stream().anyMatch(x -> x.jid().equals(alice)
                    && x.subscription() == SubscriptionState.BOTH));

            // XEP-0084: the server pushes alice's new metadata to bob, who fetches the data
            Await.done(aliceSession.avatars().setOwn(PNG, "image/png"));
            Avatar first = b.await(AvatarChanged.class, e -> e.jid().equals(alice) && e.avatar().isPresent()
                    && e.avatar().get().sha1().equals(AvatarService.sha1(PNG))).avatar().orElseThrow();
            assertArrayEquals(PNG, first.data());
            assertEquals(bob, b.await(AvatarChanged.class, e -> e.jid().equals(alice)).account());

            Await.done(aliceSession.avatars().setOwn(RED_PNG, "image/png"));
            Avatar second = b.await(AvatarChanged.class, e -> e.avatar().map(x -> x.sha1().equals(AvatarService.sha1(RED_PNG)))
                    .orElse(false)).avatar().orElseThrow();
            assertArrayEquals(RED_PNG, second.data());
            assertEquals(alice, second.jid());

            // XEP-0153: a photo hash in presence that bob has not seen makes him fetch again (the current avatar)
            b.clearEvents();
            alicesOtherClient.connect().login();
            alicesOtherClient.sendStanza(alicesOtherClient.getStanzaFactory().buildPresenceStanza()
                    .ofType(Presence.Type.available)
                    .addExtension(StandardExtensionElement.builder("x", AvatarService.VCARD_UPDATE)
                            .addElement("photo", "0123456789abcdef0123456789abcdef01234567").build())
                    .build());
            AvatarChanged fromPresence = b.await(AvatarChanged.class, e -> e.jid().equals(alice));
            assertArrayEquals(RED_PNG, fromPresence.avatar().orElseThrow().data());
            assertTrue(a.recorded(AvatarChanged.class).stream().allMatch(e -> e.account().equals(alice)));
        } finally {
            alicesOtherClient.disconnect();
        }
    }
}
