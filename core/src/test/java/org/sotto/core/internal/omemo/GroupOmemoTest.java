package org.sotto.core.internal.omemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MUCAffiliation;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.packet.MUCItem;
import org.jivesoftware.smackx.muc.packet.MUCUser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.UndecryptableReason;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.event.OccupantsChanged;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.connection.ConnectionSettings;
import org.sotto.core.internal.connection.Connections;
import org.sotto.core.internal.muc.RoomMembers;
import org.sotto.core.internal.omemo.element.EncryptedElement;
import org.sotto.core.internal.omemo.element.OmemoNamespaces;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.Fingerprint;
import org.sotto.crypto.OmemoUri;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.TrustLevel;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * OMEMO in a members-only, non-anonymous room through a real Prosody (MUC with muc_mam): alice (OMEMO 2 and 0.3)
 * creates it, bob (both) and carol (OMEMO 0.3 only) are members, dave (both) is added later; a plain Smack client of
 * bob sits in the room and shows what travels on the wire.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GroupOmemoTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    static final Set<OmemoVersion> BOTH = EnumSet.allOf(OmemoVersion.class);
    static final String ROOM = "secret-plans@" + ProsodyServer.MUC_DOMAIN;
    static final String OPEN_ROOM = "open-square@" + ProsodyServer.MUC_DOMAIN;

    static TestSotto aliceDevice;
    static TestSotto bobDevice;
    static TestSotto carolDevice;
    static TestSotto daveDevice;
    static AccountSession alice;
    static AccountSession bob;
    static AccountSession carol;
    static AccountSession dave;
    static String aliceJid;
    static String bobJid;
    static String carolJid;
    static String daveJid;
    static XMPPTCPConnection bobPlain;
    static final BlockingQueue<Message> onTheWire = new LinkedBlockingQueue<>();
    /** Alice's first room message as the plain client saw it (with keys for bob's and carol's devices). */
    static Message alicesFirstOnTheWire;
    static final Map<TestSotto, InMemoryOmemoStore> stores = new ConcurrentHashMap<>();

    @BeforeAll
    static void accounts() throws Exception {
        ProsodyServer server = PROSODY.server();
        aliceJid = server.register("alice", "alice-pw");
        bobJid = server.register("bob", "bob-pw");
        carolJid = server.register("carol", "carol-pw");
        daveJid = server.register("dave", "dave-pw");
        aliceDevice = TestSotto.start(server);
        bobDevice = TestSotto.start(server);
        carolDevice = TestSotto.start(server);
        daveDevice = TestSotto.start(server);
        alice = withOmemo(aliceDevice, aliceJid, "alice-pw", BOTH);
        bob = withOmemo(bobDevice, bobJid, "bob-pw", BOTH);
        carol = withOmemo(carolDevice, carolJid, "carol-pw", EnumSet.of(OmemoVersion.V0_3));
        dave = withOmemo(daveDevice, daveJid, "dave-pw", BOTH);
        bobPlain = Connections.create(ConnectionSettings.of(bobJid, "bob-pw").withResource("plain")
                .withServer(server.host(), server.c2sPort()).withTrustManager(server.certificate().trustManager()));
        bobPlain.addAsyncStanzaListener(stanza -> onTheWire.add((Message) stanza),
                stanza -> stanza instanceof Message message && message.getType() == Message.Type.groupchat
                        && message.getBody() != null);
        bobPlain.connect().login();
    }

    static AccountSession withOmemo(TestSotto device, String jid, String password, Set<OmemoVersion> versions) {
        AccountSession session = device.sotto.accounts().add(device.record(jid), password);
        InMemoryOmemoStore store = new InMemoryOmemoStore();
        stores.put(device, store);
        session.enableOmemo(store, versions);
        ConnectionState state = session.connect().orTimeout(TestSotto.WAIT.toSeconds(), TimeUnit.SECONDS).join();
        assertInstanceOf(ConnectionState.Online.class, state);
        return session;
    }

    @AfterAll
    static void close() {
        bobPlain.disconnect();
        for (TestSotto device : List.of(aliceDevice, bobDevice, carolDevice, daveDevice)) {
            device.close();
        }
    }

    static ChatMessage received(TestSotto device, String body) {
        return device.await(MessageAdded.class, e -> e.message().body().equals(body)).message();
    }

    static ChatMessage receivedFrom(TestSotto device, String sender, String body) {
        return device.await(MessageAdded.class, e -> e.message().sender().equals(sender)
                && e.message().body().equals(body)).message();
    }

    static ChatMessage undecryptableFrom(TestSotto device, String sender, UndecryptableReason reason) {
        return device.await(MessageAdded.class, e -> e.message().sender().equals(sender)
                && e.message().undecryptable().equals(Optional.of(reason))).message();
    }

    static Message wireMessage(String room, String nick) throws InterruptedException {
        while (true) {
            Message message = onTheWire.poll(TestSotto.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(message, "the plain client got no message from " + room + "/" + nick);
            if (message.getFrom().toString().equals(room + "/" + nick)) {
                return message;
            }
        }
    }

    @Test
    @Order(1)
    void threeMembersExchangeEncryptedMessagesInBothVersions() throws Exception {
        Await.done(alice.groupChats().createPrivateRoom(ROOM, "Alice"));
        RoomMembers.Security security = alice.groupChats().members().security(ROOM).orElseThrow();
        assertTrue(security.membersOnly() && security.nonAnonymous(), "the room was configured for OMEMO: " + security);
        Await.done(alice.groupChats().addMember(ROOM, bobJid));
        Await.done(alice.groupChats().invite(ROOM, carolJid, Optional.of("secret")));
        Await.done(bob.groupChats().join(ROOM, "Bob"));
        Await.done(carol.groupChats().join(ROOM, "Carol"));
        MultiUserChat wireRoom = MultiUserChatManager.getInstanceFor(bobPlain).getMultiUserChat(JidCreate.entityBareFrom(ROOM));
        wireRoom.join(Resourcepart.from("bob-wire"));
        aliceDevice.await(OccupantsChanged.class, e -> e.nicknames().equals(List.of("Alice", "Bob", "Carol", "bob-wire")));
        assertEquals(Set.of(aliceJid, bobJid, carolJid), alice.groupChats().members().members(ROOM),
                "the invitation made carol a member; bob's second client is bob");
        assertEquals(Set.of(aliceJid, bobJid, carolJid), carol.groupChats().members().members(ROOM),
                "a member reads the member list of a members-only, non-anonymous room");

        ChatMessage sent = Await.done(alice.groupChats().send(ROOM, "the cake is in the fridge"));
        assertEquals(Encryption.E2EE_TRUSTED, sent.encryption());
        ChatMessage atBob = receivedFrom(bobDevice, ROOM + "/Alice", "the cake is in the fridge");
        assertEquals(Encryption.E2EE_TRUSTED, atBob.encryption());
        assertEquals(Direction.INCOMING, atBob.direction());
        assertEquals(Encryption.E2EE_TRUSTED, receivedFrom(carolDevice, ROOM + "/Alice", "the cake is in the fridge").encryption(),
                "carol (OMEMO 0.3 only) decrypts the legacy element");

        Message wire = wireMessage(ROOM, "Alice");
        alicesFirstOnTheWire = wire;
        String xml = wire.toXML().toString();
        assertFalse(xml.contains("cake"), "no plaintext on the wire: " + xml);
        assertEquals(OmemoService.FALLBACK_BODY, wire.getBody());
        EncryptedElement v2 = (EncryptedElement) wire.getExtension(EncryptedElement.ELEMENT, OmemoNamespaces.V2);
        EncryptedElement legacy = (EncryptedElement) wire.getExtension(EncryptedElement.ELEMENT, OmemoNamespaces.LEGACY);
        assertNotNull(v2, "OMEMO 2 for bob's device");
        assertNotNull(legacy, "OMEMO 0.3 for carol's device");
        assertTrue(v2.keyFor(bobJid, bob.omemo().orElseThrow().ownDeviceId()).isPresent());
        assertTrue(legacy.keyFor(carolJid, carol.omemo().orElseThrow().ownDeviceId()).isPresent());

        Await.done(bob.groupChats().send(ROOM, "I will bring candles"));
        assertEquals(Encryption.E2EE_TRUSTED, receivedFrom(aliceDevice, ROOM + "/Bob", "I will bring candles").encryption());
        assertEquals(Encryption.E2EE_TRUSTED, receivedFrom(carolDevice, ROOM + "/Bob", "I will bring candles").encryption());
        Await.done(carol.groupChats().send(ROOM, "and I the balloons"));
        assertEquals(Encryption.E2EE_TRUSTED, receivedFrom(aliceDevice, ROOM + "/Carol", "and I the balloons").encryption());
        assertEquals(Encryption.E2EE_TRUSTED, receivedFrom(bobDevice, ROOM + "/Carol", "and I the balloons").encryption());
        Message fromCarol = wireMessage(ROOM, "Carol");
        assertFalse(fromCarol.toXML().toString().contains("balloons"));
        assertNotNull(fromCarol.getExtension(EncryptedElement.ELEMENT, OmemoNamespaces.LEGACY));

        Await.done(alice.drain());
        List<ChatMessage> aliceLog = Await.done(alice.groupChats().history(ROOM, 50));
        assertEquals(List.of("the cake is in the fridge", "I will bring candles", "and I the balloons"),
                aliceLog.stream().map(ChatMessage::body).toList(), "the room's reflection of alice's message is no second copy");
        ChatMessage own = aliceLog.get(0);
        assertEquals(Direction.OUTGOING, own.direction());
        assertEquals(Encryption.E2EE_TRUSTED, own.encryption(), "alice's own message shows as sent encrypted");
        assertTrue(own.archiveId().isPresent(), "the reflection reached alice");
    }

    @Test
    @Order(2)
    void aMemberAddedLaterReadsNewMessagesAndSeesOlderOnesAsNotForThisDevice() {
        Await.done(alice.groupChats().addMember(ROOM, daveJid));
        Await.until("bob learns from the room that dave (not in it yet) is a member",
                () -> bob.groupChats().members().members(ROOM).contains(daveJid));
        Await.done(dave.groupChats().join(ROOM, "Dave"));
        // the history from before dave's membership was not encrypted for his device
        ChatMessage old = undecryptableFrom(daveDevice, ROOM + "/Alice", UndecryptableReason.NOT_FOR_THIS_DEVICE);
        assertEquals(Encryption.UNDECRYPTABLE, old.encryption());
        assertTrue(old.archiveId().isPresent(), "from the room's archive");
        Await.done(dave.drain());
        List<ChatMessage> history = Await.done(dave.groupChats().history(ROOM, 50));
        assertEquals(3, history.size());
        assertTrue(history.stream().allMatch(m -> m.encryption() == Encryption.UNDECRYPTABLE
                && m.body().isEmpty() && m.undecryptable().equals(Optional.of(UndecryptableReason.NOT_FOR_THIS_DEVICE))),
                "never the fallback text: " + history);

        bobDevice.await(OccupantsChanged.class, e -> e.nicknames().contains("Dave"));
        Await.done(alice.groupChats().send(ROOM, "welcome, dave"));
        assertEquals(Encryption.E2EE_TRUSTED, receivedFrom(daveDevice, ROOM + "/Alice", "welcome, dave").encryption());
        Await.done(bob.groupChats().send(ROOM, "hi dave"));
        assertEquals(Encryption.E2EE_TRUSTED, receivedFrom(daveDevice, ROOM + "/Bob", "hi dave").encryption(),
                "bob learnt the new member from the room");
        Await.done(dave.groupChats().send(ROOM, "thanks, all"));
        for (TestSotto member : List.of(aliceDevice, bobDevice, carolDevice)) {
            assertEquals(Encryption.E2EE_TRUSTED, receivedFrom(member, ROOM + "/Dave", "thanks, all").encryption());
        }
    }

    @Test
    @Order(3)
    void aMemberWhoWasAwayDecryptsTheRoomHistoryOnRejoin() throws Exception {
        Await.done(carol.groupChats().leave(ROOM));
        aliceDevice.await(OccupantsChanged.class, e -> e.room().equals(ROOM)
                && e.nicknames().equals(List.of("Alice", "Bob", "Dave", "bob-wire")));
        assertTrue(alice.groupChats().members().members(ROOM).contains(carolJid), "carol is still a member");
        Await.done(alice.groupChats().send(ROOM, "carol, the party moved to friday"));
        Await.done(bob.groupChats().send(ROOM, "and bring the cake knife"));
        receivedFrom(daveDevice, ROOM + "/Bob", "and bring the cake knife");
        // bob's plain client replays alice's first message and claims, inside it, to be alice: the archive then
        // names two senders (the forged one and the room's), so the sender is unknown rather than alice
        MUCUser forged = new MUCUser();
        forged.setItem(new MUCItem(MUCAffiliation.owner,
                JidCreate.entityBareFrom(aliceJid)));
        bobPlain.sendStanza(StanzaBuilder.buildMessage()
                .to(JidCreate.entityBareFrom(ROOM)).ofType(Message.Type.groupchat).setBody(OmemoService.FALLBACK_BODY)
                .addExtension(alicesFirstOnTheWire.getExtension(EncryptedElement.ELEMENT, OmemoNamespaces.V2))
                .addExtension(alicesFirstOnTheWire.getExtension(EncryptedElement.ELEMENT, OmemoNamespaces.LEGACY))
                .addExtension(forged).build());
        undecryptableFrom(daveDevice, ROOM + "/bob-wire", UndecryptableReason.NOT_FOR_THIS_DEVICE);

        Await.done(carol.groupChats().join(ROOM, "Carol"));
        MessageAdded fromArchive = carolDevice.await(MessageAdded.class,
                e -> e.message().body().equals("carol, the party moved to friday"));
        assertFalse(fromArchive.live(), "it came from the room's archive");
        assertEquals(Encryption.E2EE_TRUSTED, fromArchive.message().encryption());
        assertEquals(ROOM + "/Alice", fromArchive.message().sender());
        assertEquals(Encryption.E2EE_TRUSTED, receivedFrom(carolDevice, ROOM + "/Bob", "and bring the cake knife").encryption());
        ChatMessage replayed = carolDevice.await(MessageAdded.class, e -> e.message().sender().equals(ROOM + "/bob-wire")).message();
        assertEquals(Encryption.UNDECRYPTABLE, replayed.encryption());
        assertEquals(Optional.of(UndecryptableReason.UNKNOWN_SENDER), replayed.undecryptable());
        assertEquals("", replayed.body(), "never the fallback text, nor the reason as text");
    }

    @Test
    @Order(4)
    void trustRulesApplyPerMember() throws Exception {
        OmemoService aliceOmemo = alice.omemo().orElseThrow();
        DeviceAddress carolsDevice = new DeviceAddress(carolJid, carol.omemo().orElseThrow().ownDeviceId());
        Fingerprint carolsKey = aliceOmemo.trust().trust(carolsDevice).orElseThrow().identity();
        aliceOmemo.trust().decide(carolsDevice, carolsKey, TrustLevel.DISTRUSTED);
        CompletionException failed = assertThrows(CompletionException.class,
                () -> alice.groupChats().send(ROOM, "not while carol's only device is distrusted").join());
        OmemoSendException cause = findCause(failed);
        assertEquals(OmemoSendException.Reason.NO_USABLE_DEVICES, cause.reason());
        assertEquals(List.of(carolsDevice), cause.devices());

        aliceOmemo.trust().decide(carolsDevice, carolsKey, TrustLevel.VERIFIED);
        DeviceAddress bobsDevice = new DeviceAddress(bobJid, bob.omemo().orElseThrow().ownDeviceId());
        aliceOmemo.trust().decide(bobsDevice, aliceOmemo.trust().trust(bobsDevice).orElseThrow().identity(), TrustLevel.VERIFIED);
        DeviceAddress davesDevice = new DeviceAddress(daveJid, dave.omemo().orElseThrow().ownDeviceId());
        aliceOmemo.trust().decide(davesDevice, aliceOmemo.trust().trust(davesDevice).orElseThrow().identity(), TrustLevel.VERIFIED);
        ChatMessage sent = Await.done(alice.groupChats().send(ROOM, "all of you verified"));
        assertEquals(Encryption.E2EE_VERIFIED, sent.encryption(), "every member's device is verified");
        assertEquals(Encryption.E2EE_TRUSTED, receivedFrom(carolDevice, ROOM + "/Alice", "all of you verified").encryption());

        // erin, a new member with two devices, one of which alice verified (by its fingerprint, before ever seeing
        // erin's devices): the other one is undecided and stops the room message until alice decides
        String erinJid = PROSODY.server().register("erin", "erin-pw");
        try (TestSotto erinLaptop = TestSotto.start(PROSODY.server()); TestSotto erinPhone = TestSotto.start(PROSODY.server())) {
            OmemoService onLaptop = withOmemo(erinLaptop, erinJid, "erin-pw", BOTH).omemo().orElseThrow();
            OmemoService onPhone = withOmemo(erinPhone, erinJid, "erin-pw", BOTH).omemo().orElseThrow();
            aliceOmemo.trust().verify(new OmemoUri(erinJid, List.of(
                    new OmemoUri.DeviceFingerprint(onLaptop.ownDeviceId(), onLaptop.ownFingerprint()))));
            Await.done(alice.groupChats().addMember(ROOM, erinJid));
            DeviceAddress phone = new DeviceAddress(erinJid, onPhone.ownDeviceId());
            CompletionException blocked = assertThrows(CompletionException.class,
                    () -> alice.groupChats().send(ROOM, "wait for erin's phone").join());
            OmemoSendException undecided = findCause(blocked);
            assertEquals(OmemoSendException.Reason.UNDECIDED_DEVICES, undecided.reason());
            assertEquals(List.of(phone), undecided.devices());
            aliceOmemo.trust().decide(phone, aliceOmemo.trust().trust(phone).orElseThrow().identity(), TrustLevel.TRUSTED_BLIND);
            ChatMessage afterDecision = Await.done(alice.groupChats().send(ROOM, "erin's phone is welcome"));
            assertEquals(Encryption.E2EE_TRUSTED, afterDecision.encryption());
            assertEquals(Encryption.E2EE_TRUSTED, receivedFrom(carolDevice, ROOM + "/Alice", "erin's phone is welcome").encryption());
        }
    }

    @Test
    @Order(5)
    void aRoomThatIsNotMembersOnlyIsNeverSentPlaintextUnlessChosen() throws Exception {
        Await.done(alice.groupChats().join(OPEN_ROOM, "Alice"));
        Await.done(bob.groupChats().join(OPEN_ROOM, "Bob"));
        MultiUserChatManager.getInstanceFor(bobPlain).getMultiUserChat(JidCreate.entityBareFrom(OPEN_ROOM))
                .join(Resourcepart.from("bob-wire"));
        RoomMembers.Security security = alice.groupChats().members().security(OPEN_ROOM).orElseThrow();
        assertFalse(security.encryptable(), "an instant room is open: " + security);

        CompletionException failed = assertThrows(CompletionException.class,
                () -> alice.groupChats().send(OPEN_ROOM, "this must not leak").join());
        assertEquals(OmemoSendException.Reason.ROOM_NOT_ENCRYPTABLE, findCause(failed).reason());
        Await.done(alice.drain());
        assertTrue(Await.done(alice.groupChats().history(OPEN_ROOM, 10)).isEmpty(), "nothing stored or queued");

        alice.omemo().orElseThrow().setPlaintext(OPEN_ROOM, true);
        ChatMessage sent = Await.done(alice.groupChats().send(OPEN_ROOM, "plaintext by choice"));
        assertEquals(Encryption.PLAINTEXT, sent.encryption());
        assertEquals(Encryption.PLAINTEXT, receivedFrom(bobDevice, OPEN_ROOM + "/Alice", "plaintext by choice").encryption());
        assertEquals("plaintext by choice", wireMessage(OPEN_ROOM, "Alice").getBody(),
                "the first message the room passed on from alice is the one chosen as plaintext");
    }

    private static OmemoSendException findCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OmemoSendException e) {
                return e;
            }
        }
        throw new AssertionError("not an OMEMO send failure", failure);
    }
}
