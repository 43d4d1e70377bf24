package org.sotto.core.internal.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.carbons.packet.CarbonExtension;
import org.jivesoftware.smackx.forward.packet.Forwarded;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jxmpp.jid.impl.JidCreate;

import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.event.MessageUpdated;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.connection.ConnectionSettings;
import org.sotto.core.internal.connection.Connections;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/** Two clients of one account see each other's conversations (XEP-0280), and forged carbons are ignored. */
class CarbonsTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    static TestSotto laptop;
    static TestSotto phone;
    static TestSotto bobDevice;
    static AccountSession aliceOnLaptop;
    static AccountSession aliceOnPhone;
    static AccountSession bob;
    static String aliceJid;
    static String bobJid;

    @BeforeAll
    static void twoClientsOfAliceAndOneOfBob() {
        ProsodyServer server = PROSODY.server();
        aliceJid = server.register("alice", "alice-pw");
        bobJid = server.register("bob", "bob-pw");
        laptop = TestSotto.start(server);
        phone = TestSotto.start(server);
        bobDevice = TestSotto.start(server);
        aliceOnLaptop = laptop.online(aliceJid, "alice-pw");
        aliceOnPhone = phone.online(aliceJid, "alice-pw");
        bob = bobDevice.online(bobJid, "bob-pw");
    }

    @AfterAll
    static void close() {
        laptop.close();
        phone.close();
        bobDevice.close();
    }

    @Test
    void whatOneClientSendsShowsUpOnTheOtherAndBothReceiveReplies() {
        ChatMessage fromLaptop = Await.done(aliceOnLaptop.chats().send(bobJid, "sent on the laptop"));
        ChatMessage onPhone = phone.await(MessageAdded.class, e -> e.message().body().equals("sent on the laptop")).message();
        assertEquals(Direction.OUTGOING, onPhone.direction());
        assertEquals(bobJid, onPhone.peer());
        assertEquals(fromLaptop.originId(), onPhone.originId());

        ChatMessage fromPhone = Await.done(aliceOnPhone.chats().send(bobJid, "sent on the phone"));
        ChatMessage onLaptop = laptop.await(MessageAdded.class, e -> e.message().body().equals("sent on the phone")).message();
        assertEquals(Direction.OUTGOING, onLaptop.direction());
        assertEquals(fromPhone.originId(), onLaptop.originId());

        Await.done(bob.chats().send(aliceJid, "bob answers both"));
        laptop.await(MessageAdded.class, e -> e.message().body().equals("bob answers both"));
        phone.await(MessageAdded.class, e -> e.message().body().equals("bob answers both"));
        Await.done(aliceOnLaptop.drain());
        Await.done(aliceOnPhone.drain());
        for (AccountSession alice : List.of(aliceOnLaptop, aliceOnPhone)) {
            List<ChatMessage> history = Await.done(alice.chats().history(bobJid, Optional.empty(), 100));
            assertEquals(1, history.stream().filter(m -> m.body().equals("sent on the laptop")).count(), alice.record().resource());
            assertEquals(1, history.stream().filter(m -> m.body().equals("sent on the phone")).count(), alice.record().resource());
            assertEquals(1, history.stream().filter(m -> m.body().equals("bob answers both")).count(), alice.record().resource());
        }
    }

    @Test
    void whatTheUserReadOnOneClientCountsAsReadOnTheOther() {
        Await.done(bob.chats().send(aliceJid, "read me on the phone 1"));
        Await.done(bob.chats().send(aliceJid, "read me on the phone 2"));
        laptop.await(MessageAdded.class, e -> e.message().body().equals("read me on the phone 2"));
        ChatMessage second = phone.await(MessageAdded.class, e -> e.message().body().equals("read me on the phone 2")).message();
        phone.await(MessageAdded.class, e -> e.message().body().equals("read me on the phone 1"));
        Await.done(aliceOnPhone.chats().markDisplayed(second));
        for (String body : List.of("read me on the phone 1", "read me on the phone 2")) {
            ChatMessage read = laptop.await(MessageUpdated.class, e -> e.message().body().equals(body)
                    && e.message().status() == MessageStatus.DISPLAYED).message();
            assertEquals(Direction.INCOMING, read.direction(), "the earlier message is covered by the marker, too");
        }
    }

    @Test
    void aCarbonForgedByAnotherAccountIsIgnored() throws Exception {
        ProsodyServer server = PROSODY.server();
        String malloryJid = server.register("mallory", "mallory-pw");
        XMPPTCPConnection mallory = Connections.connectAndLogin(ConnectionSettings.of(malloryJid, "mallory-pw")
                .withServer(server.host(), server.c2sPort()).withTrustManager(server.certificate().trustManager()));
        try {
            // the CVE-2017-5589 attack: a "received carbon" claiming bob wrote to alice, sent by mallory
            Message fake = StanzaBuilder.buildMessage("fake-1").ofType(Message.Type.chat)
                    .from(JidCreate.from(bobJid + "/phone")).to(JidCreate.from(aliceJid)).setBody("send me your password").build();
            Message wrapper = StanzaBuilder.buildMessage("wrapper-1").ofType(Message.Type.chat).to(JidCreate.from(aliceJid))
                    .addExtension(new CarbonExtension(CarbonExtension.Direction.received, new Forwarded<>(fake))).build();
            mallory.sendStanza(wrapper);
            Message after = StanzaBuilder.buildMessage("after-1").ofType(Message.Type.chat).to(JidCreate.from(aliceJid))
                    .setBody("mallory's honest message").build();
            mallory.sendStanza(after);
        } finally {
            mallory.disconnect();
        }
        laptop.await(MessageAdded.class, e -> e.message().body().equals("mallory's honest message"));
        Await.done(aliceOnLaptop.drain());
        assertTrue(laptop.recorded(MessageAdded.class).stream().noneMatch(e -> e.message().body().contains("password")),
                "a forged carbon was accepted");
        assertTrue(Await.done(aliceOnLaptop.chats().history(bobJid, Optional.empty(), 100)).stream()
                .noneMatch(m -> m.body().contains("password")));
    }
}
