package org.sotto.core.internal.omemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.carbons.packet.CarbonExtension;
import org.jivesoftware.smackx.mam.element.MamElements.MamResultExtension;
import org.jivesoftware.smackx.muc.MultiUserChatManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.UndecryptableReason;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.connection.ConnectionSettings;
import org.sotto.core.internal.connection.Connections;
import org.sotto.core.internal.omemo.element.OmemoNamespaces;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * Sotto against an independent OMEMO implementation on the wire: the python peer ({@link PythonOmemoPeer}:
 * slixmpp + python-omemo). bob uses Sotto on two devices (laptop and phone, two cores); tom's python client
 * publishes only OMEMO 2, olga's only OMEMO 0.3. Every test runs once per version, against the peer of that version.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PythonPeerOmemoTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    static TestSotto bobLaptop;
    static TestSotto bobPhone;
    static AccountSession bob;
    static AccountSession bobOnPhone;
    static TestSotto bobTablet;
    /** alice's own Sotto core, the third member of the rooms with the peer (started by the first room test). */
    static TestSotto aliceDevice;
    static AccountSession alice;
    static AccountSession bobOnTablet;
    static String bobJid;
    static String aliceJid;
    static final Map<OmemoVersion, PythonOmemoPeer> peers = new ConcurrentHashMap<>();
    static final Map<TestSotto, InMemoryOmemoStore> stores = new ConcurrentHashMap<>();
    /** A plain Smack client of bob: proves the forged wrappers really reached bob's resources. */
    static XMPPTCPConnection bobPlain;
    static final BlockingQueue<Message> onTheWire = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        ProsodyServer server = PROSODY.server();
        // prosodyctl and python both take a while to start: the peers' accounts first, then the peers start while
        // bob's account is registered and his Sotto devices log in
        String tomJid = server.register("tom", "tom-pw");
        String olgaJid = server.register("olga", "olga-pw");
        peers.put(OmemoVersion.V2, PythonOmemoPeer.start(server, tomJid, "tom-pw", EnumSet.of(OmemoVersion.V2)));
        peers.put(OmemoVersion.V0_3, PythonOmemoPeer.start(server, olgaJid, "olga-pw", EnumSet.of(OmemoVersion.V0_3)));
        bobJid = server.register("bob", "bob-pw");
        aliceJid = server.register("alice", "alice-pw"); // only ever named as a forged sender
        bobLaptop = TestSotto.start(server);
        bobPhone = TestSotto.start(server);
        bob = withOmemo(bobLaptop);
        bobOnPhone = withOmemo(bobPhone);
        bobPlain = Connections.create(ConnectionSettings.of(bobJid, "bob-pw").withResource("plain")
                .withServer(server.host(), server.c2sPort()).withTrustManager(server.certificate().trustManager()));
        bobPlain.addAsyncStanzaListener(stanza -> onTheWire.add((Message) stanza), StanzaTypeFilter.MESSAGE);
        bobPlain.connect().login();
        peers.values().forEach(PythonOmemoPeer::awaitReady);
    }

    static AccountSession withOmemo(TestSotto device) {
        AccountSession session = device.sotto.accounts().add(device.record(bobJid), "bob-pw");
        InMemoryOmemoStore store = new InMemoryOmemoStore();
        stores.put(device, store);
        session.enableOmemo(store, EnumSet.allOf(OmemoVersion.class));
        ConnectionState state = session.connect().orTimeout(TestSotto.WAIT.toSeconds(), TimeUnit.SECONDS).join();
        assertInstanceOf(ConnectionState.Online.class, state);
        return session;
    }

    @AfterAll
    static void close() throws Exception {
        bobPlain.disconnect();
        for (PythonOmemoPeer peer : peers.values()) {
            peer.close();
        }
        bobLaptop.close();
        bobPhone.close();
        if (bobTablet != null) {
            bobTablet.close();
        }
        if (aliceDevice != null) {
            aliceDevice.close();
        }
    }

    static String wireName(OmemoVersion version) {
        return version == OmemoVersion.V2 ? "2" : "0.3";
    }

    static ChatMessage received(TestSotto device, String body) {
        return device.await(MessageAdded.class, e -> e.message().body().equals(body)).message();
    }

    static int laptopId() {
        return bob.omemo().orElseThrow().ownDeviceId();
    }

    @ParameterizedTest
    @EnumSource(OmemoVersion.class)
    @Order(1)
    void sottoAndThePeerExchangeEncryptedMessagesBothWays(OmemoVersion version) {
        PythonOmemoPeer peer = peers.get(version);
        String hello = "hello python, in OMEMO " + version;
        ChatMessage sent = Await.done(bob.chats().send(peer.jid(), hello));
        assertEquals(Encryption.E2EE_TRUSTED, sent.encryption());

        JsonNode atPeer = peer.awaitReceived(hello);
        assertEquals(wireName(version), atPeer.get("version").asText(), "the peer publishes only " + version);
        assertEquals(bobJid, atPeer.get("from").asText());
        assertEquals(laptopId(), atPeer.get("device").asInt());
        if (version == OmemoVersion.V2) { // Sotto's SCE envelope names sender and recipient
            assertEquals(bobJid, atPeer.get("envelope_from").asText());
            assertEquals(peer.jid(), atPeer.get("envelope_to").asText());
        }

        String answer = "hello Sotto, from python-omemo in " + version;
        peer.send(bobJid, answer);
        for (TestSotto device : List.of(bobLaptop, bobPhone)) {
            ChatMessage in = received(device, answer);
            assertEquals(Encryption.E2EE_TRUSTED, in.encryption());
            assertEquals(Direction.INCOMING, in.direction());
            assertEquals(peer.jid(), in.peer());
        }
    }

    @ParameterizedTest
    @EnumSource(OmemoVersion.class)
    @Order(2)
    void theOwnSecondDeviceReadsTheCarbonOfWhatTheFirstSentToThePeer(OmemoVersion version) {
        PythonOmemoPeer peer = peers.get(version);
        String body = "sent from the laptop to a python " + version + " peer";
        ChatMessage sent = Await.done(bob.chats().send(peer.jid(), body));
        assertEquals(wireName(version), peer.awaitReceived(body).get("version").asText());

        ChatMessage onPhone = bobPhone.await(MessageAdded.class,
                e -> e.message().originId().equals(sent.originId())).message();
        assertEquals(Direction.OUTGOING, onPhone.direction());
        assertEquals(peer.jid(), onPhone.peer());
        assertEquals(body, onPhone.body());
        assertEquals(Encryption.E2EE_TRUSTED, onPhone.encryption());
    }

    @ParameterizedTest
    @EnumSource(OmemoVersion.class)
    @Order(3)
    void encryptedHistoryWrittenWhileOfflineIsCaughtUpFromTheArchiveOnce(OmemoVersion version) {
        PythonOmemoPeer peer = peers.get(version);
        Await.done(bobOnPhone.disconnect());
        List<String> bodies = List.of(1, 2, 3, 4, 5).stream()
                .map(i -> "while the phone was off, " + version + " #" + i).toList();
        for (int i = 0; i < bodies.size(); i++) {
            if (i % 2 == 0) {
                peer.send(bobJid, bodies.get(i));
            } else { // the archive keeps encrypted messages without a fallback body too (store hint)
                peer.sendWithoutFallback(bobJid, bodies.get(i));
            }
        }
        for (String body : bodies) { // the laptop got them live, so the server has archived them all
            assertEquals(Encryption.E2EE_TRUSTED, received(bobLaptop, body).encryption());
        }

        ConnectionState state = bobOnPhone.connect().orTimeout(TestSotto.WAIT.toSeconds(), TimeUnit.SECONDS).join();
        assertInstanceOf(ConnectionState.Online.class, state);
        for (String body : bodies) {
            MessageAdded added = bobPhone.await(MessageAdded.class, e -> e.message().body().equals(body));
            assertFalse(added.live(), "from the archive");
            assertEquals(Encryption.E2EE_TRUSTED, added.message().encryption());
            assertTrue(added.message().archiveId().isPresent());
        }
        Await.done(bobOnPhone.drain());
        List<ChatMessage> history = Await.done(bobOnPhone.chats().history(peer.jid(), Optional.empty(), 500));
        for (String body : bodies) {
            assertEquals(1, history.stream().filter(m -> m.body().equals(body)).count(), body + " stored once");
        }
        assertTrue(history.stream().noneMatch(m -> m.encryption() == Encryption.UNDECRYPTABLE), history.toString());
    }

    @ParameterizedTest
    @EnumSource(OmemoVersion.class)
    @Order(3)
    void aDeviceThePeerNeverReachedLiveTakesTheKeyExchangesFromTheArchive(OmemoVersion version) {
        // bob's tablet publishes its device once and goes offline; the peer's first messages to it all carry the key
        // exchange (python-omemo repeats it until the tablet answers), so the catch-up meets one prekey several times
        PythonOmemoPeer peer = peers.get(version);
        if (bobOnTablet == null) {
            bobTablet = TestSotto.start(PROSODY.server());
            bobOnTablet = withOmemo(bobTablet);
        }
        Await.done(bobOnTablet.disconnect());
        List<String> bodies = List.of(1, 2, 3).stream().map(i -> "first words to the tablet, " + version + " #" + i).toList();
        for (String body : bodies) {
            peer.send(bobJid, body);
        }
        for (String body : bodies) {
            received(bobLaptop, body);
        }
        ConnectionState state = bobOnTablet.connect().orTimeout(TestSotto.WAIT.toSeconds(), TimeUnit.SECONDS).join();
        assertInstanceOf(ConnectionState.Online.class, state);
        for (String body : bodies) {
            ChatMessage onTablet = bobTablet.await(MessageAdded.class,
                    e -> e.message().peer().equals(peer.jid()) && e.message().body().equals(body)).message();
            assertEquals(Encryption.E2EE_TRUSTED, onTablet.encryption());
        }
        // the tablet's answer reaches the peer in the session the peer started
        String answer = "the tablet answers, " + version;
        Await.done(bobOnTablet.chats().send(peer.jid(), answer));
        assertEquals(bobOnTablet.omemo().orElseThrow().ownDeviceId(), peer.awaitReceived(answer).get("device").asInt());
    }

    @ParameterizedTest
    @EnumSource(OmemoVersion.class)
    @Order(4)
    void aForgedCarbonOrArchiveResultFromThePeerIsNotTakenAsAMessageOfTheClaimedSender(OmemoVersion version)
            throws InterruptedException {
        PythonOmemoPeer peer = peers.get(version);
        onTheWire.clear();
        String forgedCarbon = "forged carbon claiming alice, " + version;
        String forgedResult = "forged archive result claiming alice, " + version;
        peer.spoofCarbon(bobJid, aliceJid, forgedCarbon);
        peer.spoofArchiveResult(bobJid, aliceJid, forgedResult);
        peer.spoofSentCarbon(bobJid, aliceJid, "forged sent carbon, as if bob wrote to alice, " + version);
        String after = "a real message after the forgeries, " + version;
        peer.send(bobJid, after);
        // stanzas of one sender are processed in order: once this one is stored, the forgeries were handled
        assertEquals(Encryption.E2EE_TRUSTED, received(bobLaptop, after).encryption());
        assertEquals(Encryption.E2EE_TRUSTED, received(bobPhone, after).encryption());

        int carbonsSeen = 0;
        boolean resultSeen = false;
        for (Message m; !(carbonsSeen == 2 && resultSeen) && (m = onTheWire.poll(TestSotto.WAIT.toSeconds(), TimeUnit.SECONDS)) != null; ) {
            boolean fromPeer = m.getFrom().asBareJid().toString().equals(peer.jid());
            carbonsSeen += fromPeer && CarbonExtension.from(m) != null ? 1 : 0;
            resultSeen |= fromPeer && MamResultExtension.from(m) != null;
        }
        assertTrue(carbonsSeen == 2 && resultSeen, "all three forgeries were delivered to bob's resources");
        for (TestSotto device : List.of(bobLaptop, bobPhone)) {
            AccountSession session = device == bobLaptop ? bob : bobOnPhone;
            Await.done(session.drain());
            assertTrue(device.recorded(MessageAdded.class).stream().noneMatch(e -> e.message().peer().equals(aliceJid)
                    || e.message().body().startsWith("forged")), "nothing stored from the forgeries");
            assertTrue(Await.done(session.chats().history(aliceJid, Optional.empty(), 10)).isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(OmemoVersion.class)
    @Order(5)
    void whenThePeerLostItsSessionItsNextMessageBuildsANewOneAndSottoFollows(OmemoVersion version) {
        PythonOmemoPeer peer = peers.get(version);
        peer.forgetSession(bobJid, laptopId());
        int mark = peer.mark();
        String lost = "the peer cannot read this one, " + version;
        Await.done(bob.chats().send(peer.jid(), lost));
        JsonNode failed = peer.awaitEvent(mark, "undecryptable", e -> e.path("from").asText().equals(bobJid));
        assertEquals("NoSession", failed.get("error").asText(), failed.toString());

        // python-omemo does not react to a decryption failure; its next message starts a new session (a key
        // exchange), which must replace the one Sotto still has
        String fresh = "a new session from python, " + version;
        peer.send(bobJid, fresh);
        assertEquals(Encryption.E2EE_TRUSTED, received(bobLaptop, fresh).encryption());
        String healed = "readable again, " + version;
        Await.done(bob.chats().send(peer.jid(), healed));
        JsonNode atPeer = peer.awaitReceived(healed);
        assertEquals(laptopId(), atPeer.get("device").asInt());
    }

    @ParameterizedTest
    @EnumSource(OmemoVersion.class)
    @Order(6)
    void whenSottoLostItsSessionItRepairsItWithAKeyTransportThePeerAccepts(OmemoVersion version) {
        PythonOmemoPeer peer = peers.get(version);
        stores.get(bobLaptop).deleteSession(new DeviceAddress(peer.jid(), peer.deviceId()), version);
        int mark = peer.mark();
        String unreadable = "Sotto lost the session for this one, " + version;
        peer.send(bobJid, unreadable);
        ChatMessage atLaptop = bobLaptop.await(MessageAdded.class, e -> e.message().peer().equals(peer.jid())
                && e.message().undecryptable().equals(Optional.of(UndecryptableReason.NO_SESSION))).message();
        assertEquals(Encryption.UNDECRYPTABLE, atLaptop.encryption());
        assertEquals(peer.jid(), atLaptop.peer());
        assertEquals(Encryption.E2EE_TRUSTED, received(bobPhone, unreadable).encryption(), "the phone's session is fine");

        // Sotto's key transport (a key exchange in a new session) reaches python-omemo, which takes the session
        JsonNode transport = peer.awaitEvent(mark, "key_transport", e -> e.path("device").asInt() == laptopId());
        assertEquals(bobJid, transport.get("from").asText());
        assertEquals(wireName(version), transport.get("version").asText());
        String repaired = "after the repair, " + version;
        peer.send(bobJid, repaired);
        assertEquals(Encryption.E2EE_TRUSTED, received(bobLaptop, repaired).encryption());
    }

    @ParameterizedTest
    @EnumSource(OmemoVersion.class)
    @Order(7)
    void thePeerEncryptsARoomMessageForTheDevicesOfItsMembers(OmemoVersion version) throws Exception {
        // the python side of a 3-member room test: the peer's room, its members, and a groupchat message with a key
        // for each of bob's Sotto devices (bob's plain client shows the wire)
        PythonOmemoPeer peer = peers.get(version);
        String room = "python-room-" + wireName(version).replace('.', '-') + "@" + ProsodyServer.MUC_DOMAIN;
        peer.createRoom(room, "python", List.of(bobJid));
        MultiUserChatManager.getInstanceFor(bobPlain)
                .getMultiUserChat(JidCreate.entityBareFrom(room))
                .join(Resourcepart.from("bob-plain"));
        onTheWire.clear();
        String body = "to the room, in OMEMO " + version;
        peer.sendToRoom(room, List.of(bobJid), body);

        Message wire = null;
        while (wire == null) {
            Message m = onTheWire.poll(TestSotto.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(m != null, "no room message at bob's plain client");
            if (m.getType() == Message.Type.groupchat && m.getFrom().toString().equals(room + "/python")) {
                wire = m;
            }
        }
        String xml = wire.toXML().toString();
        assertFalse(xml.contains(body), xml);
        String namespace = version == OmemoVersion.V2 ? OmemoNamespaces.V2 : OmemoNamespaces.LEGACY;
        assertTrue(wire.hasExtension("encrypted", namespace), xml);
        for (AccountSession device : List.of(bob, bobOnPhone)) {
            int id = device.omemo().orElseThrow().ownDeviceId();
            assertTrue(xml.matches("(?s).*rid=[\"']" + id + "[\"'].*"), "a key for bob's device " + id + ": " + xml);
        }
    }

    @ParameterizedTest
    @EnumSource(OmemoVersion.class)
    @Order(8)
    void threeMembersTwoSottoCoresAndThePeerReadEachOtherInARoom(OmemoVersion version) {
        PythonOmemoPeer peer = peers.get(version);
        if (alice == null) {
            aliceDevice = TestSotto.start(PROSODY.server());
            alice = aliceDevice.sotto.accounts().add(aliceDevice.record(aliceJid), "alice-pw");
            alice.enableOmemo(new InMemoryOmemoStore(), EnumSet.allOf(OmemoVersion.class));
            assertInstanceOf(ConnectionState.Online.class,
                    alice.connect().orTimeout(TestSotto.WAIT.toSeconds(), TimeUnit.SECONDS).join());
        }
        String room = "trio-" + wireName(version).replace('.', '-') + "@" + ProsodyServer.MUC_DOMAIN;
        peer.createRoom(room, "python", List.of(bobJid, aliceJid));
        Await.done(bob.groupChats().join(room, "Bob"));
        Await.done(alice.groupChats().join(room, "Alice"));
        Await.until("bob knows all three members of " + room,
                () -> bob.groupChats().members().members(room).equals(Set.of(peer.jid(), bobJid, aliceJid)));

        // the peer's message, decrypted by both Sotto cores (the sender is the peer's real JID in the room)
        String fromPeer = "python to the room, OMEMO " + version;
        peer.sendToRoom(room, List.of(bobJid, aliceJid), fromPeer);
        for (TestSotto core : List.of(bobLaptop, aliceDevice)) {
            ChatMessage got = core.await(MessageAdded.class, e -> e.message().peer().equals(room)
                    && e.message().body().equals(fromPeer)).message();
            assertEquals(Encryption.E2EE_TRUSTED, got.encryption());
            assertEquals(room + "/python", got.sender());
        }

        // each Sotto core's message, decrypted by the peer (and by the other core)
        for (AccountSession sender : List.of(bob, alice)) {
            String body = sender.jid() + " to the room, OMEMO " + version;
            ChatMessage sent = Await.done(sender.groupChats().send(room, body));
            assertEquals(Encryption.E2EE_TRUSTED, sent.encryption());
            JsonNode atPeer = peer.awaitEvent("received", e -> e.path("type").asText().equals("groupchat")
                    && e.path("body").asText().equals(body));
            assertEquals(sender.jid(), atPeer.get("from").asText(), "the peer maps the occupant to the real JID");
            assertEquals(room, atPeer.get("room").asText());
            assertEquals(wireName(version), atPeer.get("version").asText());
            assertEquals(sender.omemo().orElseThrow().ownDeviceId(), atPeer.get("device").asInt());
            if (version == OmemoVersion.V2) {
                assertEquals(sender.jid(), atPeer.get("envelope_from").asText());
                assertEquals(room, atPeer.get("envelope_to").asText());
            }
            TestSotto other = sender == bob ? aliceDevice : bobLaptop;
            assertEquals(Encryption.E2EE_TRUSTED, other.await(MessageAdded.class, e -> e.message().peer().equals(room)
                    && e.message().body().equals(body)).message().encryption());
        }
    }
}
