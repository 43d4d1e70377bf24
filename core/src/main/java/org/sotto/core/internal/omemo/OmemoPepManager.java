package org.sotto.core.internal.omemo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jivesoftware.smack.Manager;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.pep.PepManager;
import org.jivesoftware.smackx.pubsub.GetItemsRequest;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.ItemsExtension;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubElementType;
import org.jivesoftware.smackx.pubsub.PubSubException;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.PublishItem;
import org.jivesoftware.smackx.pubsub.form.FillableConfigureForm;
import org.jivesoftware.smackx.pubsub.packet.PubSub;
import org.jivesoftware.smackx.pubsub.packet.PubSubNamespace;

import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;

import org.sotto.core.internal.omemo.element.BundleElement;
import org.sotto.core.internal.omemo.element.DeviceListElement;
import org.sotto.core.internal.omemo.element.OmemoNamespaces;
import org.sotto.core.internal.omemo.element.PublishOptions;
import org.sotto.core.internal.omemo.provider.OmemoProviders;

/**
 * OMEMO's use of PEP for both versions: publishing the own device list and bundle with open access, fetching a
 * contact's device list and bundles, and hearing about device list changes (+notify through entity caps).
 * Calls block on the network; core's services call them off UI threads.
 */
public final class OmemoPepManager extends Manager {
    private static final Map<XMPPConnection, OmemoPepManager> INSTANCES = new WeakHashMap<>();

    /** Told when a contact (or the own account) publishes a new device list. */
    @FunctionalInterface
    public interface DeviceListListener {
        void deviceListChanged(EntityBareJid from, DeviceListElement deviceList);
    }

    private final List<DeviceListListener> listeners = new CopyOnWriteArrayList<>();

    private OmemoPepManager(XMPPConnection connection) {
        super(connection);
        OmemoProviders.register();
        PepManager pep = PepManager.getInstanceFor(connection);
        // registering the listeners also advertises node+notify in entity caps, which makes the server push
        pep.addPepEventListener(OmemoNamespaces.LEGACY_DEVICE_LIST_NODE, DeviceListElement.class,
                (from, list, id, message) -> listeners.forEach(l -> l.deviceListChanged(from, list)));
        pep.addPepEventListener(OmemoNamespaces.V2_DEVICES_NODE, DeviceListElement.class,
                (from, list, id, message) -> listeners.forEach(l -> l.deviceListChanged(from, list)));
    }

    public static synchronized OmemoPepManager getInstanceFor(XMPPConnection connection) {
        return INSTANCES.computeIfAbsent(connection, OmemoPepManager::new);
    }

    public void addDeviceListListener(DeviceListListener listener) {
        listeners.add(listener);
    }

    public void removeDeviceListListener(DeviceListListener listener) {
        listeners.remove(listener);
    }

    /** Publishes the own device list (item "current"), readable by anyone as the spec requires. */
    public void publishDeviceList(DeviceListElement deviceList) throws OmemoPepException, InterruptedException {
        String node = deviceList.isLegacy() ? OmemoNamespaces.LEGACY_DEVICE_LIST_NODE : OmemoNamespaces.V2_DEVICES_NODE;
        publish(node, "current", deviceList, options(false));
    }

    /**
     * Publishes this device's bundle: legacy OMEMO in its own node (item "current"), OMEMO 2 as item
     * {@code deviceId} of the shared bundles node, which must keep many items.
     */
    public void publishBundle(int deviceId, BundleElement bundle) throws OmemoPepException, InterruptedException {
        if (bundle.isLegacy()) {
            publish(OmemoNamespaces.legacyBundleNode(deviceId), "current", bundle, options(false));
        } else {
            publish(OmemoNamespaces.V2_BUNDLES_NODE, Integer.toString(deviceId), bundle, options(true));
        }
    }

    /** A contact's (or the own) device list; empty when none was ever published. */
    public DeviceListElement fetchDeviceList(BareJid owner, boolean legacy) throws OmemoPepException, InterruptedException {
        String node = legacy ? OmemoNamespaces.LEGACY_DEVICE_LIST_NODE : OmemoNamespaces.V2_DEVICES_NODE;
        List<DeviceListElement> lists = fetchItems(owner, node, null, DeviceListElement.class);
        if (lists.isEmpty()) {
            return legacy ? DeviceListElement.legacy(List.of()) : DeviceListElement.v2(List.of());
        }
        return lists.get(lists.size() - 1);
    }

    /** One device's bundle, or empty when that device published none. */
    public Optional<BundleElement> fetchBundle(BareJid owner, int deviceId, boolean legacy)
            throws OmemoPepException, InterruptedException {
        List<BundleElement> bundles = legacy
                ? fetchItems(owner, OmemoNamespaces.legacyBundleNode(deviceId), null, BundleElement.class)
                : fetchItems(owner, OmemoNamespaces.V2_BUNDLES_NODE, Integer.toString(deviceId), BundleElement.class);
        return bundles.stream().filter(b -> b.isLegacy() == legacy).reduce((first, second) -> second);
    }

    /**
     * Deletes a device's bundle of the own account: the OMEMO 0.3 node {@code …bundles:ID}, or item {@code ID} of
     * the OMEMO 2 bundles node. Nothing there is fine.
     */
    public void deleteBundle(int deviceId, boolean legacy) throws OmemoPepException, InterruptedException {
        try {
            PubSubManager pubsub = PepManager.getInstanceFor(connection()).getPepPubSubManager();
            if (legacy) {
                pubsub.deleteNode(OmemoNamespaces.legacyBundleNode(deviceId));
            } else {
                pubsub.getLeafNode(OmemoNamespaces.V2_BUNDLES_NODE).deleteItem(Integer.toString(deviceId));
            }
        } catch (XMPPException.XMPPErrorException e) {
            if (e.getStanzaError().getCondition() != StanzaError.Condition.item_not_found) {
                throw new OmemoPepException("cannot delete the bundle of device " + deviceId + ": " + e.getStanzaError(), e);
            }
        } catch (SmackException.NoResponseException | SmackException.NotConnectedException
                 | PubSubException.NotALeafNodeException
                 | PubSubException.NotAPubSubNodeException e) {
            throw new OmemoPepException("cannot delete the bundle of device " + deviceId + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> options(boolean manyItems) {
        Map<String, String> options = new LinkedHashMap<>();
        if (manyItems) {
            options.put("pubsub#max_items", "max");
        }
        options.put("pubsub#access_model", "open");
        return options;
    }

    private void publish(String node, String itemId, ExtensionElement payload, Map<String, String> options)
            throws OmemoPepException, InterruptedException {
        XMPPConnection connection = connection();
        PayloadItem<ExtensionElement> item = new PayloadItem<>(itemId, payload);
        try {
            sendPublish(connection, node, item, options);
        } catch (XMPPException.XMPPErrorException e) {
            if (e.getStanzaError().getCondition() != StanzaError.Condition.conflict
                    && !isPreconditionNotMet(e)) {
                throw new OmemoPepException("the server refused to publish " + node + ": " + e.getStanzaError(), e);
            }
            // the node exists with another configuration: configure it as OMEMO needs, then publish again
            configureNode(node, options);
            try {
                sendPublish(connection, node, item, options);
            } catch (XMPPException.XMPPErrorException again) {
                throw new OmemoPepException("the server refused to publish " + node + " even after configuring it: "
                        + again.getStanzaError(), again);
            } catch (SmackException.NoResponseException | SmackException.NotConnectedException again) {
                throw new OmemoPepException("no answer while publishing " + node, again);
            }
        } catch (SmackException.NoResponseException | SmackException.NotConnectedException e) {
            throw new OmemoPepException("no answer while publishing " + node, e);
        }
    }

    private static void sendPublish(XMPPConnection connection, String node, PayloadItem<ExtensionElement> item,
                                    Map<String, String> options)
            throws XMPPException.XMPPErrorException, SmackException.NoResponseException,
            SmackException.NotConnectedException, InterruptedException {
        PubSub publish = new PubSub(null, IQ.Type.set, PubSubNamespace.basic);
        publish.addExtension(new PublishItem<>(node, item));
        publish.addExtension(new PublishOptions(options));
        connection.createStanzaCollectorAndSend(publish).nextResultOrThrow();
    }

    private static boolean isPreconditionNotMet(XMPPException.XMPPErrorException e) {
        return e.getStanzaError().getExtension("precondition-not-met", "http://jabber.org/protocol/pubsub#errors") != null;
    }

    private void configureNode(String node, Map<String, String> options) throws OmemoPepException, InterruptedException {
        try {
            LeafNode leaf = PepManager.getInstanceFor(connection()).getPepPubSubManager().getLeafNode(node);
            FillableConfigureForm form = leaf.getNodeConfiguration().getFillableForm();
            options.forEach(form::setAnswer);
            leaf.sendConfigurationForm(form);
        } catch (XMPPException.XMPPErrorException | SmackException.NoResponseException
                 | SmackException.NotConnectedException | PubSubException.NotALeafNodeException
                 | PubSubException.NotAPubSubNodeException | IllegalArgumentException e) {
            throw new OmemoPepException("cannot configure " + node + " for OMEMO (open access): " + e.getMessage(), e);
        }
    }

    private <E extends ExtensionElement> List<E> fetchItems(BareJid owner, String node, String itemId, Class<E> type)
            throws OmemoPepException, InterruptedException {
        PubSub request = PubSub.createPubsubPacket(owner, IQ.Type.get, itemId == null ? new GetItemsRequest(node)
                : new ItemsRequestForOne(node, itemId));
        try {
            PubSub result = connection().createStanzaCollectorAndSend(request).nextResultOrThrow();
            ItemsExtension items = result.getExtension(PubSubElementType.ITEMS);
            if (items == null) {
                return List.of();
            }
            return items.getItems().stream()
                    .filter(i -> i instanceof PayloadItem<?>)
                    .map(i -> ((PayloadItem<?>) i).getPayload())
                    .filter(type::isInstance).map(type::cast).toList();
        } catch (XMPPException.XMPPErrorException e) {
            // Prosody 0.12 answers a missing node with item-not-found (no legacy 404), and with forbidden when the
            // asker has no presence subscription (a missing node has the default presence access model). Either
            // way nothing is published that we may read, which for OMEMO is the same as no devices.
            StanzaError.Condition condition = e.getStanzaError().getCondition();
            if (condition == StanzaError.Condition.item_not_found || condition == StanzaError.Condition.forbidden) {
                return List.of();
            }
            throw new OmemoPepException("cannot read " + node + " of " + owner + ": " + e.getStanzaError(), e);
        } catch (SmackException.NoResponseException | SmackException.NotConnectedException e) {
            throw new OmemoPepException("no answer while reading " + node + " of " + owner, e);
        }
    }

    /** {@code <items node='…'><item id='…'/></items>}: one item of a node. */
    private static final class ItemsRequestForOne extends ItemsExtension {
        ItemsRequestForOne(String node, String itemId) {
            super(ItemsElementType.items, node, List.of(new Item(itemId)));
        }
    }
}
