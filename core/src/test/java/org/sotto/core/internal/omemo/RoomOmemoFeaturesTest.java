package org.sotto.core.internal.omemo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChatManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.event.FileUpdated;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.event.MessageUpdated;
import org.sotto.core.api.event.OccupantsChanged;
import org.sotto.core.api.file.TransferState;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.connection.ConnectionSettings;
import org.sotto.core.internal.connection.Connections;
import org.sotto.core.internal.files.SharedFile;
import org.sotto.core.internal.omemo.element.EncryptedElement;
import org.sotto.core.internal.omemo.element.OmemoNamespaces;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.core.internal.xmpp.ReactionsElement;
import org.sotto.core.internal.xmpp.ReplyElement;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.TrustLevel;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * What an encrypted room has besides text: replies and reactions inside the OMEMO 2 envelope, the room's
 * encryption state, messages written offline queued and encrypted after re-entering, and files. alice creates a
 * private room with bob as member (both OMEMO 2 and 0.3); a plain Smack client of bob shows the wire.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoomOmemoFeaturesTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    static final String ROOM = "garden@" + ProsodyServer.MUC_DOMAIN;
    static final String OPEN_ROOM = "market@" + ProsodyServer.MUC_DOMAIN;

    static TestSotto aliceDevice;
    static TestSotto bobDevice;
    static AccountSession alice;
    static AccountSession bob;
    static String aliceJid;
    static String bobJid;
    static XMPPTCPConnection bobPlain;
    static final BlockingQueue<Message> onTheWire = new LinkedBlockingQueue<>();

    @BeforeAll
    static void room() throws Exception {
        ProsodyServer server = PROSODY.server();
        aliceJid = server.register("alice", "alice-pw");
        bobJid = server.register("bob", "bob-pw");
        aliceDevice = TestSotto.start(server);
        bobDevice = TestSotto.start(server);
        alice = withOmemo(aliceDevice, aliceJid, "alice-pw");
        bob = withOmemo(bobDevice, bobJid, "bob-pw");
        bobPlain = Connections.create(ConnectionSettings.of(bobJid, "bob-pw").withResource("plain")
                .withServer(server.host(), server.c2sPort()).withTrustManager(server.certificate().trustManager()));
        bobPlain.addAsyncStanzaListener(stanza -> onTheWire.add((Message) stanza),
                stanza -> stanza instanceof Message message && message.getType() == Message.Type.groupchat
                        && message.getBody() != null);
        bobPlain.connect().login();
        Await.done(alice.groupChats().createPrivateRoom(ROOM, "Alice"));
        Await.done(alice.groupChats().addMember(ROOM, bobJid));
        Await.done(bob.groupChats().join(ROOM, "Bob"));
        MultiUserChatManager.getInstanceFor(bobPlain).getMultiUserChat(JidCreate.entityBareFrom(ROOM))
                .join(Resourcepart.from("bob-wire"));
        aliceDevice.await(OccupantsChanged.class, e -> e.nicknames().equals(List.of("Alice", "Bob", "bob-wire")));
    }

    static AccountSession withOmemo(TestSotto device, String jid, String password) {
        AccountSession session = device.sotto.accounts().add(device.record(jid), password);
        session.enableOmemo(new InMemoryOmemoStore(), EnumSet.allOf(OmemoVersion.class));
        assertInstanceOf(ConnectionState.Online.class,
                session.connect().orTimeout(TestSotto.WAIT.toSeconds(), TimeUnit.SECONDS).join());
        return session;
    }

    @AfterAll
    static void close() {
        bobPlain.disconnect();
        aliceDevice.close();
        bobDevice.close();
    }

    static ChatMessage receivedFrom(TestSotto device, String sender, String body) {
        return device.await(MessageAdded.class, e -> e.message().sender().equals(sender)
                && e.message().body().equals(body)).message();
    }

    static Message wireMessage(String nick) throws InterruptedException {
        while (true) {
            Message message = onTheWire.poll(TestSotto.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(message, "the plain client got no message from " + nick);
            if (message.getFrom().getResourceOrEmpty().toString().equals(nick)) {
                return message;
            }
        }
    }

    @Test
    @Order(1)
    void repliesAndReactionsTravelInsideTheEnvelope() throws Exception {
        Await.done(alice.groupChats().send(ROOM, "who waters the roses?"));
        ChatMessage atBob = receivedFrom(bobDevice, ROOM + "/Alice", "who waters the roses?");
        wireMessage("Alice");

        ChatMessage reply = Await.done(bob.chats().reply(atBob, "I do, on mondays"));
        assertEquals(Encryption.E2EE_TRUSTED, reply.encryption());
        ChatMessage replyAtAlice = receivedFrom(aliceDevice, ROOM + "/Bob", "I do, on mondays");
        assertEquals(Encryption.E2EE_TRUSTED, replyAtAlice.encryption());
        assertTrue(replyAtAlice.replyToId().isPresent(), "the reply reference came out of the envelope");
        Message replyOnWire = wireMessage("Bob");
        assertNull(replyOnWire.getExtension(ReplyElement.ELEMENT, ReplyElement.NAMESPACE),
                "no visible reply reference (every member speaks OMEMO 2): " + replyOnWire.toXML());
        assertFalse(replyOnWire.toXML().toString().contains("mondays"));

        ChatMessage reacted = Await.done(bob.chats().react(atBob, Set.of("\uD83C\uDF39")));
        assertEquals(Encryption.E2EE_TRUSTED, reacted.encryption());
        Message reactionOnWire = wireMessage("Bob");
        assertNull(reactionOnWire.getExtension(ReactionsElement.ELEMENT, ReactionsElement.NAMESPACE),
                "the reaction is not in the clear: " + reactionOnWire.toXML());
        assertNotNull(reactionOnWire.getExtension(EncryptedElement.ELEMENT, OmemoNamespaces.V2));
        assertFalse(reactionOnWire.toXML().toString().contains("\uD83C\uDF39"));
        ChatMessage withReaction = aliceDevice.await(MessageUpdated.class, e -> e.message().body().equals("who waters the roses?")
                && !e.message().reactions().isEmpty()).message();
        assertEquals(Set.of("\uD83C\uDF39"), withReaction.reactions().values().iterator().next(),
                "alice applied the reaction from inside the envelope: " + withReaction.reactions());
    }

    @Test
    @Order(2)
    void theRoomHasAnEncryptionStateFromItsMembersDevices() throws Exception {
        OmemoService omemo = alice.omemo().orElseThrow();
        Await.until("the room is E2EE_TRUSTED for alice", () -> omemo.encryptionState(ROOM).get() == Encryption.E2EE_TRUSTED);
        DeviceAddress bobsDevice = new DeviceAddress(bobJid, bob.omemo().orElseThrow().ownDeviceId());
        Await.done(omemo.decide(bobsDevice, TrustLevel.VERIFIED));
        Await.until("verifying the only member's device makes the room E2EE_VERIFIED",
                () -> omemo.encryptionState(ROOM).get() == Encryption.E2EE_VERIFIED);
        assertEquals(Encryption.E2EE_VERIFIED, Await.done(alice.groupChats().send(ROOM, "verified now")).encryption());
        wireMessage("Alice");
        Await.done(omemo.decide(bobsDevice, TrustLevel.DISTRUSTED));
        Await.until("a member with only distrusted devices: E2EE_UNTRUSTED_DEVICES",
                () -> omemo.encryptionState(ROOM).get() == Encryption.E2EE_UNTRUSTED_DEVICES);
        Await.done(omemo.decide(bobsDevice, TrustLevel.TRUSTED_BLIND));
        Await.until("trusted again", () -> omemo.encryptionState(ROOM).get() == Encryption.E2EE_TRUSTED);
        omemo.setPlaintext(ROOM, true);
        Await.until("plaintext chosen", () -> omemo.encryptionState(ROOM).get() == Encryption.PLAINTEXT);
        omemo.setPlaintext(ROOM, false);
        Await.until("OMEMO again", () -> omemo.encryptionState(ROOM).get() == Encryption.E2EE_TRUSTED);

        Await.done(alice.groupChats().join(OPEN_ROOM, "Alice"));
        Await.done(bob.groupChats().join(OPEN_ROOM, "Bob"));
        assertEquals(Encryption.ENCRYPTION_UNAVAILABLE, omemo.encryptionState(OPEN_ROOM).get(),
                "a room that cannot be encrypted is not PLAINTEXT (its messages fail until plaintext is chosen)");
    }

    @Test
    @Order(3)
    void aRoomMessageWrittenOfflineGoesOutEncryptedAfterReEntering() throws Exception {
        Await.done(alice.disconnect());
        ChatMessage queued = Await.done(alice.groupChats().send(ROOM, "written on the train"));
        assertEquals(MessageStatus.PENDING, queued.status());
        ChatMessage second = Await.done(alice.groupChats().send(ROOM, "and this one too"));
        assertEquals(MessageStatus.PENDING, second.status());
        assertInstanceOf(ConnectionState.Online.class,
                alice.connect().orTimeout(TestSotto.WAIT.toSeconds(), TimeUnit.SECONDS).join());

        assertEquals(Encryption.E2EE_TRUSTED, receivedFrom(bobDevice, ROOM + "/Alice", "written on the train").encryption());
        assertEquals(Encryption.E2EE_TRUSTED, receivedFrom(bobDevice, ROOM + "/Alice", "and this one too").encryption());
        for (String expected : List.of("written on the train", "and this one too")) {
            Message wire = wireMessage("Alice");
            String xml = wire.toXML().toString();
            assertFalse(xml.contains("train") || xml.contains("this one") || xml.contains("encrypt-later"),
                    "encrypted on the way out, in order (" + expected + "): " + xml);
            assertNotNull(wire.getExtension(EncryptedElement.ELEMENT, OmemoNamespaces.V2));
        }
        ChatMessage sent = aliceDevice.await(MessageUpdated.class, e -> e.message().key().equals(queued.key())
                && e.message().status() == MessageStatus.SENT).message();
        assertEquals(Encryption.E2EE_TRUSTED, sent.encryption());
    }

    @Test
    @Order(4)
    void aFileSharedInTheRoomReachesTheMembers(@TempDir Path temp) throws Exception {
        byte[] plaintext = new byte[300_000];
        new Random(7).nextBytes(plaintext);
        Path original = Files.write(temp.resolve("map.png"), plaintext);
        SharedFile sent = Await.done(alice.files().sendToRoom(ROOM, original).result());
        assertEquals(TransferState.DONE, sent.state());
        String messageKey = bobDevice.await(FileUpdated.class, f -> f.file().state() == TransferState.DONE).file().messageKey();
        ChatMessage announced = bobDevice.await(MessageAdded.class, e -> e.message().key().equals(messageKey)).message();
        assertEquals(ROOM, announced.peer());
        assertEquals(Encryption.E2EE_TRUSTED, announced.encryption());
        Path exported = Await.done(bob.files().export(announced.key(), temp.resolve("at-bob.png")));
        assertArrayEquals(plaintext, Files.readAllBytes(exported));
        String xml = wireMessage("Alice").toXML().toString();
        assertFalse(xml.contains("aesgcm") || xml.contains("https://"), "neither URL nor key on the wire: " + xml);
    }
}
