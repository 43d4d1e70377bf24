package org.sotto.core.internal.omemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.pep.PepManager;
import org.jivesoftware.smackx.pubsub.PayloadItem;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;

import org.sotto.core.internal.connection.ConnectionSettings;
import org.sotto.core.internal.connection.Connections;
import org.sotto.core.internal.omemo.element.BundleElement.PreKey;
import org.sotto.core.internal.omemo.element.BundleElement;
import org.sotto.core.internal.omemo.element.DeviceListElement;
import org.sotto.core.internal.omemo.element.OmemoNamespaces;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/** Device lists and bundles of both OMEMO versions through a real Prosody's PEP. */
class OmemoPepManagerTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    private static XMPPTCPConnection alice;
    private static XMPPTCPConnection bob;
    private static BareJid aliceJid;

    @BeforeAll
    static void connect() throws Exception {
        ProsodyServer server = PROSODY.server();
        aliceJid = JidCreate.bareFrom(server.register("alice", "pw-a"));
        server.register("bob", "pw-b");
        alice = login(server, "alice@localhost", "pw-a");
        bob = login(server, "bob@localhost", "pw-b");
    }

    @AfterAll
    static void disconnect() {
        alice.disconnect();
        bob.disconnect();
    }

    private static XMPPTCPConnection login(ProsodyServer server, String jid, String password) throws Exception {
        XMPPTCPConnection connection = Connections.create(ConnectionSettings.of(jid, password)
                .withServer(server.host(), server.c2sPort()).withTrustManager(server.certificate().trustManager()));
        Roster.getInstanceFor(connection).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        OmemoPepManager.getInstanceFor(connection); // advertises +notify before the initial presence
        connection.connect().login();
        return connection;
    }

    @Test
    void nothingPublishedReadsAsAnEmptyListAndNoBundle() throws Exception {
        BareJid nobody = JidCreate.bareFrom(PROSODY.server().register("carol", "pw-c"));
        OmemoPepManager bobs = OmemoPepManager.getInstanceFor(bob);
        assertEquals(List.of(), bobs.fetchDeviceList(nobody, true).deviceIds());
        assertEquals(List.of(), bobs.fetchDeviceList(nobody, false).deviceIds());
        assertEquals(Optional.empty(), bobs.fetchBundle(nobody, 1234, true));
        assertEquals(Optional.empty(), bobs.fetchBundle(nobody, 1234, false));
    }

    @Test
    void publishedListsAndBundlesOfBothVersionsAreReadableByAnotherAccount() throws Exception {
        OmemoPepManager alices = OmemoPepManager.getInstanceFor(alice);
        alices.publishDeviceList(DeviceListElement.legacy(List.of(1111, 2222)));
        alices.publishDeviceList(DeviceListElement.v2(List.of(DeviceListElement.Device.of(3333))));
        BundleElement legacyBundle = bundle(true, 7);
        BundleElement v2Bundle = bundle(false, 9);
        BundleElement otherV2Bundle = bundle(false, 11);
        alices.publishBundle(1111, legacyBundle);
        alices.publishBundle(3333, v2Bundle);
        alices.publishBundle(4444, otherV2Bundle); // a second item in the shared OMEMO 2 node

        XMPPTCPConnection dave = stranger("dave");
        OmemoPepManager bobs = OmemoPepManager.getInstanceFor(dave); // no subscription to alice: open access
        assertEquals(List.of(1111, 2222), bobs.fetchDeviceList(aliceJid, true).deviceIds());
        assertEquals(List.of(3333), bobs.fetchDeviceList(aliceJid, false).deviceIds());
        assertEquals(Optional.of(legacyBundle), bobs.fetchBundle(aliceJid, 1111, true));
        assertEquals(Optional.of(v2Bundle), bobs.fetchBundle(aliceJid, 3333, false));
        assertEquals(Optional.of(otherV2Bundle), bobs.fetchBundle(aliceJid, 4444, false));
        assertEquals(Optional.empty(), bobs.fetchBundle(aliceJid, 2222, true));
        dave.disconnect();
    }

    @Test
    void aNodeCreatedWithoutOpenAccessIsReconfiguredSoStrangersCanReadIt() throws Exception {
        XMPPTCPConnection erin = stranger("erin");
        XMPPTCPConnection frank = stranger("frank");
        try {
            // another client created the node with the server's default (presence) access model
            PepManager.getInstanceFor(erin).publish(
                    OmemoNamespaces.V2_DEVICES_NODE,
                    new PayloadItem<>("current",
                            DeviceListElement.v2(List.of(DeviceListElement.Device.of(42)))));
            BareJid erinJid = erin.getUser().asBareJid();
            assertEquals(List.of(), OmemoPepManager.getInstanceFor(frank).fetchDeviceList(erinJid, false).deviceIds(),
                    "a presence-only node should not be readable by a stranger");

            OmemoPepManager.getInstanceFor(erin).publishDeviceList(DeviceListElement.v2(
                    List.of(DeviceListElement.Device.of(42), DeviceListElement.Device.of(43))));
            assertEquals(List.of(42, 43), OmemoPepManager.getInstanceFor(frank).fetchDeviceList(erinJid, false).deviceIds());
        } finally {
            erin.disconnect();
            frank.disconnect();
        }
    }

    private static XMPPTCPConnection stranger(String user) throws Exception {
        ProsodyServer server = PROSODY.server();
        return login(server, server.register(user, "pw-" + user), "pw-" + user);
    }

    @Test
    void aContactWithPresenceSubscriptionHearsDeviceListChanges() throws Exception {
        BlockingQueue<DeviceListElement> heard = new LinkedBlockingQueue<>();
        OmemoPepManager.getInstanceFor(bob).addDeviceListListener((from, list) -> {
            if (from.equals(aliceJid)) {
                heard.add(list);
            }
        });
        Roster.getInstanceFor(bob).createItemAndRequestSubscription(aliceJid.asEntityBareJidIfPossible(), "Alice", null);
        Roster.getInstanceFor(alice).createItemAndRequestSubscription(bob.getUser().asEntityBareJid(), "Bob", null);
        waitFor(() -> Roster.getInstanceFor(bob).iAmSubscribedTo(aliceJid), "bob's subscription to alice");

        OmemoPepManager.getInstanceFor(alice).publishDeviceList(DeviceListElement.v2(
                List.of(DeviceListElement.Device.of(3333), DeviceListElement.Device.of(5555))));
        DeviceListElement pushed;
        do {
            pushed = heard.poll(10, TimeUnit.SECONDS);
            assertNotNull(pushed, "bob heard no device list push from alice");
        } while (!pushed.deviceIds().contains(5555)); // the last published item may come first on subscription
        assertEquals(List.of(3333, 5555), pushed.deviceIds());
    }

    private static BundleElement bundle(boolean legacy, int seed) {
        byte[] key = new byte[33];
        Arrays.fill(key, (byte) seed);
        return new BundleElement(legacy, new PreKey(1, key), new byte[64], key,
                List.of(new PreKey(1, key), new PreKey(2, key)));
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(20);
        }
    }
}
