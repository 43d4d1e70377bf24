package org.sotto.core.internal.muc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.bookmarks.BookmarkManager;
import org.jivesoftware.smackx.bookmarks.BookmarkedConference;
import org.jivesoftware.smackx.bookmarks.Bookmarks;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.iqprivate.PrivateDataManager;
import org.jivesoftware.smackx.pep.PepManager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jxmpp.jid.impl.JidCreate;

import org.sotto.core.api.event.OccupantsChanged;
import org.sotto.core.api.room.Bookmark;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.connection.ConnectionSettings;
import org.sotto.core.internal.connection.Connections;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/** A server without XEP-0402 (Prosody without mod_bookmarks): bookmarks live in XEP-0048 private storage. */
class Xep0048BookmarksTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = ProsodyExtension.without("bookmarks");

    @Test
    void withoutTheCompatFeatureSottoKeepsBookmarksInPrivateStorage() throws Exception {
        ProsodyServer server = PROSODY.server();
        String gina = server.register("gina", "gina-pw");
        String room = "archive@" + ProsodyServer.MUC_DOMAIN;
        String otherRoom = "attic@" + ProsodyServer.MUC_DOMAIN;
        XMPPTCPConnection legacyClient = Connections.create(ConnectionSettings.of(gina, "gina-pw")
                .withServer(server.host(), server.c2sPort()).withTrustManager(server.certificate().trustManager()));
        try (TestSotto laptop = TestSotto.start(server)) {
            AccountSession onLaptop = laptop.online(gina, "gina-pw");
            Await.done(onLaptop.groupChats().join(room, "Gina"));
            Await.done(onLaptop.groupChats().bookmark(room, "Archive", Optional.of("Gina-phone"), true));

            legacyClient.connect().login();
            assertFalse(ServiceDiscoveryManager.getInstanceFor(legacyClient)
                    .accountSupportsFeatures("urn:xmpp:bookmarks:1#compat"), "the server has no XEP-0402");
            BookmarkManager legacy = BookmarkManager.getBookmarkManager(legacyClient);
            List<BookmarkedConference> stored = legacy.getBookmarkedConferences();
            assertEquals(List.of("Archive"), stored.stream().map(BookmarkedConference::getName).toList());
            assertEquals(room, stored.get(0).getJid().toString());
            assertEquals("Gina-phone", stored.get(0).getNickname().toString());
            XMPPException.XMPPErrorException noNode = assertThrows(XMPPException.XMPPErrorException.class,
                    () -> PepManager.getInstanceFor(legacyClient).getPepPubSubManager()
                            .getLeafNode("urn:xmpp:bookmarks:1").getItems());
            assertEquals(StanzaError.Condition.item_not_found, noNode.getStanzaError().getCondition(),
                    "nothing went to a XEP-0402 node");

            // what another XEP-0048 client stores, Sotto reads
            legacy.addBookmarkedConference("Attic", JidCreate.entityBareFrom(otherRoom), false, null, null);
            assertEquals(List.of(new Bookmark(room, "Archive", Optional.of("Gina-phone"), true),
                            new Bookmark(otherRoom, "Attic", Optional.empty(), false)),
                    Await.done(onLaptop.groupChats().bookmarks()).stream()
                            .sorted(Comparator.comparing(Bookmark::room)).toList());

            // the autojoin bookmark is entered by the user's other client at login
            try (TestSotto phone = TestSotto.start(server)) {
                AccountSession onPhone = phone.online(gina, "gina-pw");
                assertEquals(Optional.of("Gina-phone"), onPhone.groupChats().ownNickname(room));
                phone.await(OccupantsChanged.class, e -> e.room().equals(room)
                        && e.nicknames().equals(List.of("Gina", "Gina-phone")));
            }

            Await.done(onLaptop.groupChats().removeBookmark(room));
            // (read afresh: Smack's BookmarkManager keeps the copy it read first)
            Bookmarks storage = (Bookmarks)
                    PrivateDataManager.getInstanceFor(legacyClient)
                            .getPrivateData("storage", "storage:bookmarks");
            assertEquals(List.of("Attic"), storage.getBookmarkedConferences().stream()
                    .map(BookmarkedConference::getName).toList(), "the other client's bookmark stays");
            assertEquals(List.of(otherRoom), Await.done(onLaptop.groupChats().bookmarks()).stream().map(Bookmark::room).toList());
        } finally {
            legacyClient.disconnect();
        }
    }
}
