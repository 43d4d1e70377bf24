package org.sotto.core.internal.muc;

import java.util.ArrayList;
import java.util.List;

import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.NamedElement;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.pubsub.EventElement;
import org.jivesoftware.smackx.pubsub.ItemsExtension;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.RetractItem;

import org.sotto.core.api.event.BookmarksChanged;
import org.sotto.core.api.room.Bookmark;
import org.sotto.core.internal.event.EventBus;

/**
 * Follows XEP-0402 bookmark changes as they happen: the account advertises {@code urn:xmpp:bookmarks:1+notify} in
 * its entity caps (XEP-0163 §4: the server only pushes to resources that ask for it), and each PEP notification of
 * the node, coming from the account's own bare JID, becomes a {@link BookmarksChanged}. Smack's {@code PepManager} is
 * not used: it casts every item of a notification to a payload item and fails on retractions.
 */
final class BookmarkNotifications {
    private BookmarkNotifications() {
    }

    static void install(XMPPTCPConnection connection, String account, EventBus events) {
        ServiceDiscoveryManager.getInstanceFor(connection).addFeature(NativeBookmarks.NODE + "+notify");
        connection.addAsyncStanzaListener(stanza -> {
            Message message = (Message) stanza;
            if (message.getFrom() == null || !message.getFrom().equals(message.getFrom().asBareJid())
                    || !message.getFrom().asBareJid().toString().equals(account)) {
                return; // only the account's own PEP service speaks for its bookmarks
            }
            EventElement event = EventElement.from(message);
            if (event == null || !(event.getEvent() instanceof ItemsExtension items)
                    || !NativeBookmarks.NODE.equals(items.getNode())) {
                return;
            }
            List<Bookmark> published = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            for (NamedElement element : items.getItems()) {
                if (element instanceof RetractItem retract && retract.getId() != null) {
                    removed.add(retract.getId());
                } else if (element instanceof PayloadItem<?> item && item.getId() != null && item.getPayload() != null) {
                    NativeBookmarks.parse(item.getId(), item.getPayload().toXML().toString()).ifPresent(published::add);
                }
            }
            if (!published.isEmpty() || !removed.isEmpty()) {
                events.publish(new BookmarksChanged(account, published, removed));
            }
        }, new AndFilter(StanzaTypeFilter.MESSAGE,
                stanza -> EventElement.from(stanza) != null));
    }
}
