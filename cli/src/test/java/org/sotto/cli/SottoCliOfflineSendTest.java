package org.sotto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sotto.cli.CliProfile.Run;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * A send while the server cannot be reached is stored and queued, and the CLI says so; the next run with the server
 * reachable delivers it once, OMEMO-encrypted in an encrypted chat and in plaintext only where the user chose it.
 */
class SottoCliOfflineSendTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    /** A port on 127.0.0.1 where nothing listens: connecting is refused, as with a server that is down. */
    private static String unreachable() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "127.0.0.1:" + socket.getLocalPort();
        }
    }

    @Test
    void aSendWhileTheServerIsUnreachableIsQueuedAndDeliveredOnceAtTheNextRun(@TempDir Path temp) throws Exception {
        ProsodyServer server = PROSODY.server();
        CliProfile alice = new CliProfile(server, server.register("alice", "alice-pw"), "alice-pw", temp.resolve("alice"));
        CliProfile bob = new CliProfile(server, server.register("bob", "bob-pw"), "bob-pw", temp.resolve("bob"));
        String dave = server.register("dave", "dave-pw"); // no OMEMO client
        assertEquals(0, bob.run("contacts").code()); // bob's first run publishes his OMEMO device
        assertEquals(0, alice.run("contacts").code());

        String down = unreachable();
        Run queued = alice.runAt(down, "send", bob.jid(), "written", "while", "offline");
        assertEquals(0, queued.code(), queued.err() + queued.lines());
        assertEquals("reconnecting", queued.ofType("connection").get(0).get("state").asText(), queued.lines().toString());
        assertEquals("queued", queued.last().get("type").asText(), queued.lines().toString());
        assertEquals("pending", queued.last().get("status").asText());
        assertEquals("written while offline", queued.last().get("body").asText());
        Run plainQueued = alice.runAt(down, "send", "--plaintext", dave, "plain", "by", "choice");
        assertEquals(0, plainQueued.code(), plainQueued.err() + plainQueued.lines());
        assertEquals("queued", plainQueued.last().get("type").asText());
        assertEquals("plaintext", plainQueued.last().get("encryption").asText());

        // in the profile: stored PENDING, both stanzas in the outbox, the OMEMO one not encrypted yet
        List<ChatMessage> pending = alice.stored(bob.jid());
        assertEquals(1, pending.size(), pending.toString());
        assertEquals(MessageStatus.PENDING, pending.get(0).status());
        assertEquals(2, alice.queued());

        // read commands answer from the profile while the server is unreachable, after the connection line
        Run history = alice.runAt(down, "history", bob.jid());
        assertEquals(0, history.code(), history.err() + history.lines());
        assertEquals("reconnecting", history.ofType("connection").get(0).get("state").asText());
        assertEquals(List.of("written while offline"),
                history.ofType("message").stream().map(m -> m.get("body").asText()).toList());
        Run chats = alice.runAt(down, "chats");
        assertEquals(0, chats.code(), chats.err() + chats.lines());
        assertEquals(2, chats.ofType("chat").size(), chats.lines().toString());
        Run devices = alice.runAt(down, "devices");
        assertEquals(0, devices.code(), devices.err() + devices.lines());
        assertEquals("own", devices.ofType("device").get(0).get("trust").asText(), devices.lines().toString());
        assertEquals(1, alice.runAt(down, "trust", bob.jid(), "12345").code(), "a command that needs the server fails");

        XMPPTCPConnection bobPlain = plainClient(server, bob.jid(), "bob-pw");
        XMPPTCPConnection davePlain = plainClient(server, dave, "dave-pw");
        BlockingQueue<Message> atBob = new LinkedBlockingQueue<>();
        BlockingQueue<Message> atDave = new LinkedBlockingQueue<>();
        bobPlain.addAsyncStanzaListener(stanza -> atBob.add((Message) stanza), StanzaTypeFilter.MESSAGE);
        davePlain.addAsyncStanzaListener(stanza -> atDave.add((Message) stanza), StanzaTypeFilter.MESSAGE);
        bobPlain.connect().login();
        davePlain.connect().login();
        try {
            // the next run with the server reachable sends what was queued
            Run restarted = alice.run("chats");
            assertEquals(0, restarted.code(), restarted.err() + restarted.lines());

            Message toBob = atBob.poll(30, TimeUnit.SECONDS);
            assertNotNull(toBob, "the queued message did not reach bob");
            String wire = toBob.toXML().toString();
            assertFalse(wire.contains("while offline"), wire);
            assertTrue(wire.contains("urn:xmpp:omemo:2"), wire);
            Message toDave = atDave.poll(30, TimeUnit.SECONDS);
            assertNotNull(toDave, "the queued plaintext message did not reach dave");
            assertEquals("plain by choice", toDave.getBody());
        } finally {
            bobPlain.disconnect();
            davePlain.disconnect();
        }
        assertEquals(0, alice.queued(), "acknowledged by the server: nothing left to send");
        ChatMessage sent = alice.stored(bob.jid()).get(0);
        assertTrue(sent.status() != MessageStatus.PENDING && sent.status() != MessageStatus.FAILED, sent.toString());
        assertTrue(sent.encryption().name().startsWith("E2EE_"), sent.toString());

        // bob's Sotto decrypts it, once, also after alice's next run
        assertEquals(0, alice.run("chats").code());
        List<JsonNode> atBobsSotto = bob.run("history", alice.jid()).ofType("message").stream()
                .filter(m -> m.get("body").asText().equals("written while offline")).toList();
        assertEquals(1, atBobsSotto.size(), atBobsSotto.toString());
        assertTrue(atBobsSotto.get(0).get("encryption").asText().startsWith("e2ee_"), atBobsSotto.toString());
    }

    private static XMPPTCPConnection plainClient(ProsodyServer server, String jid, String password) throws Exception {
        return TestServers.plainClient(server, jid, password);
    }
}
