package org.sotto.core.internal.muc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smack.util.XmlStringBuilder;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.pubsub.GetItemsRequest;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.ItemsExtension;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubElementType;
import org.jivesoftware.smackx.pubsub.PublishItem;
import org.jivesoftware.smackx.pubsub.SimplePayload;
import org.jivesoftware.smackx.pubsub.packet.PubSub;
import org.jivesoftware.smackx.pubsub.packet.PubSubNamespace;

import org.sotto.core.api.room.Bookmark;
import org.sotto.core.internal.omemo.element.PublishOptions;

/**
 * XEP-0402 PEP native bookmarks ({@code urn:xmpp:bookmarks:1}): one item per room, its id the room JID, in a private
 * node. Used when the account advertises {@code urn:xmpp:bookmarks:1#compat} (XEP-0402 §5.3: the server keeps
 * XEP-0048 clients in sync), else Sotto stays with XEP-0048.
 */
final class NativeBookmarks {
    static final String NODE = "urn:xmpp:bookmarks:1";
    static final String COMPAT = NODE + "#compat";
    private static final Map<String, String> OPTIONS = Map.of("pubsub#persist_items", "true",
            "pubsub#max_items", "max", "pubsub#send_last_published_item", "never", "pubsub#access_model", "whitelist");

    private NativeBookmarks() {
    }

    static boolean supported(XMPPTCPConnection connection) throws Exception {
        return ServiceDiscoveryManager.getInstanceFor(connection).accountSupportsFeatures(COMPAT);
    }

    static List<Bookmark> list(XMPPTCPConnection connection) throws Exception {
        PubSub request = PubSub.createPubsubPacket(connection.getUser().asBareJid(), IQ.Type.get, new GetItemsRequest(NODE));
        ItemsExtension items;
        try {
            items = connection.createStanzaCollectorAndSend(request).<PubSub>nextResultOrThrow()
                    .getExtension(PubSubElementType.ITEMS);
        } catch (XMPPException.XMPPErrorException e) {
            if (e.getStanzaError().getCondition() == StanzaError.Condition.item_not_found) {
                return List.of(); // no bookmark was ever stored
            }
            throw e;
        }
        List<Bookmark> bookmarks = new ArrayList<>();
        if (items != null) {
            for (Object element : items.getItems()) {
                if (element instanceof PayloadItem<?> payload && payload.getId() != null) {
                    Item item = payload;
                    parse(item.getId(), payload.getPayload().toXML().toString()).ifPresent(bookmarks::add);
                }
            }
        }
        return bookmarks;
    }

    /** The {@code <conference/>} payload of one item; unknown or broken payloads are skipped. */
    static Optional<Bookmark> parse(String room, String xml) {
        try {
            XmlPullParser parser = PacketParserUtils.getParserFor(xml);
            if (!"conference".equals(parser.getName()) || !NODE.equals(parser.getNamespace())) {
                return Optional.empty();
            }
            String name = parser.getAttributeValue("", "name");
            String autojoin = parser.getAttributeValue("", "autojoin");
            int depth = parser.getDepth();
            String nick = null;
            while (true) {
                XmlPullParser.Event event = parser.next();
                if (event == XmlPullParser.Event.START_ELEMENT && "nick".equals(parser.getName())) {
                    nick = parser.nextText();
                } else if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == depth
                        || event == XmlPullParser.Event.END_DOCUMENT) {
                    break;
                }
            }
            return Optional.of(new Bookmark(room, name == null || name.isEmpty() ? room : name,
                    Optional.ofNullable(nick).filter(n -> !n.isEmpty()),
                    "true".equals(autojoin) || "1".equals(autojoin)));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    static void publish(XMPPTCPConnection connection, Bookmark bookmark) throws Exception {
        XmlStringBuilder xml = new XmlStringBuilder();
        xml.halfOpenElement("conference").xmlnsAttribute(NODE).attribute("name", bookmark.name())
                .attribute("autojoin", bookmark.autojoin());
        if (bookmark.nickname().isPresent()) {
            xml.rightAngleBracket().element("nick", bookmark.nickname().get()).closeElement("conference");
        } else {
            xml.closeEmptyElement();
        }
        PayloadItem<SimplePayload> item = new PayloadItem<>(bookmark.room(), new SimplePayload(xml.toString()));
        PubSub publish = new PubSub(null, IQ.Type.set, PubSubNamespace.basic);
        publish.addExtension(new PublishItem<>(NODE, item));
        publish.addExtension(new PublishOptions(OPTIONS));
        connection.createStanzaCollectorAndSend(publish).nextResultOrThrow();
    }

    static void retract(XMPPTCPConnection connection, String room) throws Exception {
        PubSub retract = new PubSub(null, IQ.Type.set, PubSubNamespace.basic);
        retract.addExtension(new RetractItemNotify(room));
        connection.createStanzaCollectorAndSend(retract).nextResultOrThrow();
    }

    /** {@code <retract node='urn:xmpp:bookmarks:1' notify='true'><item id='room'/></retract>} (XEP-0402 §4.3). */
    private static final class RetractItemNotify implements ExtensionElement {
        private final String room;

        RetractItemNotify(String room) {
            this.room = room;
        }

        @Override
        public String getElementName() {
            return "retract";
        }

        @Override
        public String getNamespace() {
            return PubSub.NAMESPACE;
        }

        @Override
        public XmlStringBuilder toXML(XmlEnvironment environment) {
            XmlStringBuilder xml = new XmlStringBuilder(this, environment);
            xml.attribute("node", NODE).attribute("notify", "true").rightAngleBracket();
            xml.halfOpenElement("item").attribute("id", room).closeEmptyElement();
            xml.closeElement(this);
            return xml;
        }
    }
}
