package org.sotto.core.internal.omemo;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;

import org.jxmpp.jid.impl.JidCreate;

import org.sotto.core.api.contacts.SubscriptionState;
import org.sotto.core.api.event.SubscriptionRequested;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.connection.ConnectionSettings;
import org.sotto.core.internal.connection.Connections;
import org.sotto.core.internal.omemo.element.DeviceListElement;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.crypto.DeviceIdentity;
import org.sotto.crypto.OwnDevices;
import org.sotto.crypto.omemo2.Omemo2Protocol;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;
import org.sotto.testkit.ProsodyServer;

/** Helpers of the OMEMO tests: roster subscriptions, plain connections, hand-made devices, a clock to move. */
final class OmemoTestSupport {
    private OmemoTestSupport() {
    }

    /** Both see each other's presence, so each gets the other's PEP pushes (device lists). */
    static void mutualContacts(TestSotto aDevice, AccountSession a,
                               TestSotto bDevice, AccountSession b) {
        Await.done(a.contacts().add(b.jid(), Optional.empty(), Set.of()));
        bDevice.await(SubscriptionRequested.class, e -> e.from().equals(a.jid()));
        Await.done(b.contacts().approve(a.jid()));
        Await.done(b.contacts().add(a.jid(), Optional.empty(), Set.of()));
        aDevice.await(SubscriptionRequested.class, e -> e.from().equals(b.jid()));
        Await.done(a.contacts().approve(b.jid()));
        Await.until(a.jid() + " and " + b.jid() + " see each other", () -> both(a, b.jid()) && both(b, a.jid()));
    }

    private static boolean both(AccountSession session, String contact) {
        return Await.done(session.contacts().contacts()).stream()
                .anyMatch(c -> c.jid().equals(contact) && c.subscription() == SubscriptionState.BOTH);
    }

    static XMPPTCPConnection plain(ProsodyServer server, String jid, String password, String resource) throws Exception {
        XMPPTCPConnection connection = Connections.create(ConnectionSettings.of(jid, password).withResource(resource)
                .withServer(server.host(), server.c2sPort()).withTrustManager(server.certificate().trustManager()));
        connection.connect().login();
        return connection;
    }

    /** A device driven by the test (crypto directly), published through a plain connection of its account. */
    static final class HandMadeDevice {
        final InMemoryOmemoStore store = new InMemoryOmemoStore();
        final Omemo2Protocol protocol;
        final String jid;

        HandMadeDevice(String jid) throws Exception {
            this.jid = jid;
            this.protocol = new Omemo2Protocol(jid, OwnDevices.loadOrCreate(store, List.of()), store);
        }

        int id() {
            return protocol.ownDevice().deviceId();
        }

        /** A device list entry naming this device, labelled and signed by {@code signer}'s identity key. */
        DeviceListElement.Device labelled(String label, HandMadeDevice signer) throws Exception {
            byte[] seed = signer.store.loadOwnIdentity().orElseThrow().identitySeed();
            return new DeviceListElement.Device(id(), Optional.of(label), Optional.of(
                    DeviceIdentity.fromSeed(seed).signEd25519(label.getBytes(StandardCharsets.UTF_8))));
        }

        void publishBundle(XMPPTCPConnection own) throws Exception {
            OmemoPepManager.getInstanceFor(own).publishBundle(id(), OmemoService.toElement(protocol.ownBundle()));
        }
    }

    /** Publishes the account's OMEMO 2 device list as exactly these ids. */
    static void publishV2List(XMPPTCPConnection own, List<Integer> ids) throws Exception {
        OmemoPepManager.getInstanceFor(own).publishDeviceList(DeviceListElement.v2(
                ids.stream().map(DeviceListElement.Device::of).toList()));
    }

    static List<Integer> v2List(XMPPTCPConnection any, String owner) throws Exception {
        return OmemoPepManager.getInstanceFor(any).fetchDeviceList(JidCreate.bareFrom(owner), false).deviceIds();
    }
}
