package org.sotto.core.internal.muc;

import java.util.List;
import java.util.Optional;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.bookmarks.BookmarkManager;
import org.jivesoftware.smackx.bookmarks.BookmarkedConference;
import org.jivesoftware.smackx.bookmarks.Bookmarks;
import org.jivesoftware.smackx.iqprivate.PrivateDataManager;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.parts.Resourcepart;

import org.sotto.core.api.room.Bookmark;

/**
 * XEP-0048 bookmarks in XEP-0049 private storage, for servers without XEP-0402. Not Smack's {@code BookmarkManager}:
 * it reads the storage once per connection and writes that copy back, so it neither saw bookmarks another client
 * stored later nor kept them when adding its own. Here every call reads the storage afresh, and a change is a
 * read-modify-write of the whole {@code <storage/>} (URLs and other clients' conferences stay).
 */
final class LegacyBookmarks {
    static {
        BookmarkManager.class.getName(); // its static initialiser registers the <storage/> provider
    }

    private LegacyBookmarks() {
    }

    static List<Bookmark> list(XMPPTCPConnection connection) throws Exception {
        return read(connection).getBookmarkedConferences().stream()
                .map(b -> new Bookmark(b.getJid().toString(), b.getName() == null ? b.getJid().toString() : b.getName(),
                        Optional.ofNullable(b.getNickname()).map(Resourcepart::toString), b.isAutoJoin()))
                .toList();
    }

    static void put(XMPPTCPConnection connection, String name, EntityBareJid room, boolean autojoin, Resourcepart nick)
            throws Exception {
        Bookmarks storage = read(connection);
        String password = null;
        for (BookmarkedConference existing : List.copyOf(storage.getBookmarkedConferences())) {
            if (existing.getJid().equals(room)) {
                password = existing.getPassword();
                storage.removeBookmarkedConference(existing);
            }
        }
        storage.addBookmarkedConference(new Conference(name, room, autojoin, nick, password));
        PrivateDataManager.getInstanceFor(connection).setPrivateData(storage);
    }

    static void remove(XMPPTCPConnection connection, EntityBareJid room) throws Exception {
        Bookmarks storage = read(connection);
        boolean removed = false;
        for (BookmarkedConference existing : List.copyOf(storage.getBookmarkedConferences())) {
            if (existing.getJid().equals(room)) {
                storage.removeBookmarkedConference(existing);
                removed = true;
            }
        }
        if (removed) {
            PrivateDataManager.getInstanceFor(connection).setPrivateData(storage);
        }
    }

    private static Bookmarks read(XMPPTCPConnection connection) throws Exception {
        Object data = PrivateDataManager.getInstanceFor(connection).getPrivateData(Bookmarks.ELEMENT, Bookmarks.NAMESPACE);
        return data instanceof Bookmarks bookmarks ? bookmarks : new Bookmarks();
    }

    /** Smack's constructor is protected. */
    private static final class Conference extends BookmarkedConference {
        Conference(String name, EntityBareJid jid, boolean autojoin, Resourcepart nick, String password) {
            super(name, jid, autojoin, nick, password);
        }
    }
}
