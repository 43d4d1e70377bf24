package org.sotto.core.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jxmpp.jid.impl.JidCreate;

import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.UndecryptableReason;
import org.sotto.core.api.event.ConnectionStateChanged;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.testing.RawClient;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * Anyone can send a stanza that an element parser refuses. Smack's default answer is to close the connection, so any
 * sender could disconnect a Sotto user at will. Sotto drops such a stanza and stays connected; an OMEMO element its
 * parser refuses (a device id that is not a number) does not even drop the message: it is kept as UNDECRYPTABLE.
 */
class UnparsableStanzaTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    @Test
    void aStanzaThatCannotBeParsedIsDroppedAndTheConnectionStays() throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "alice-pw");
        String mallory = server.register("mallory", "mallory-pw");
        try (TestSotto aliceDevice = TestSotto.start(server)) {
            // with OMEMO, so its element parsers are the ones that meet the broken element
            AccountSession session = aliceDevice.sotto.accounts().add(aliceDevice.record(alice), "alice-pw");
            session.enableOmemo(new InMemoryOmemoStore(),
                    EnumSet.allOf(OmemoVersion.class));
            assertTrue(session.connect().join() instanceof ConnectionState.Online);
            XMPPTCPConnection raw = Connections.connectAndLogin(ConnectionSettings.of(mallory, "mallory-pw")
                    .withResource("raw").withServer(server.host(), server.c2sPort())
                    .withTrustManager(server.certificate().trustManager()));
            try {
                // an OMEMO element its parser refuses: the message is kept, as UNDECRYPTABLE "malformed"
                StandardExtensionElement broken = StandardExtensionElement.builder("encrypted", "urn:xmpp:omemo:2")
                        .addElement(StandardExtensionElement.builder("header", "urn:xmpp:omemo:2")
                                .addAttribute("sid", "not-a-number").build())
                        .build();
                raw.sendStanza(StanzaBuilder.buildMessage("broken").to(JidCreate.from(alice)).ofType(Message.Type.chat)
                        .setBody("I am encrypted, trust me").addExtension(broken).build());
                // a stanza another parser (Smack's, for XEP-0203) refuses: dropped, and the connection stays
                StandardExtensionElement badDelay = StandardExtensionElement.builder("delay", "urn:xmpp:delay")
                        .addAttribute("stamp", "yesterday").build();
                raw.sendStanza(StanzaBuilder.buildMessage("unparsable").to(JidCreate.from(alice)).ofType(Message.Type.chat)
                        .setBody("dropped").addExtension(badDelay).build());
                // Smack's own stanza parser fails on an <error/> without type (a NullPointerException, not a
                // parsing exception): dropped too, in an IQ and in a message
                String full = alice + "/" + session.record().resource();
                RawClient.send(raw, "<iq type='error' id='no-type' to='" + full + "'><error><bad-request"
                        + " xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
                RawClient.send(raw, "<message type='error' id='no-type-message' to='" + full + "'><body>x</body>"
                        + "<error><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
                raw.sendStanza(StanzaBuilder.buildMessage("fine").to(JidCreate.from(alice)).ofType(Message.Type.chat)
                        .setBody("the next one arrives").build());

                MessageAdded malformed = aliceDevice.await(MessageAdded.class,
                        e -> e.message().messageId().equals(Optional.of("broken")));
                assertEquals(Encryption.UNDECRYPTABLE, malformed.message().encryption());
                assertEquals(Optional.of(UndecryptableReason.MALFORMED), malformed.message().undecryptable());
        assertEquals("", malformed.message().body(), "never the fallback text, nor the reason as text");
                MessageAdded next = aliceDevice.await(MessageAdded.class, e -> e.message().body().equals("the next one arrives"));
                assertEquals(mallory, next.message().peer());
                assertTrue(aliceDevice.recorded(MessageAdded.class).stream().noneMatch(e -> e.message().body().equals("dropped")));
                List<ConnectionState> states = aliceDevice.recorded(ConnectionStateChanged.class).stream()
                        .map(ConnectionStateChanged::state).toList();
                assertEquals(1, states.stream().filter(ConnectionState.Online.class::isInstance).count(),
                        "alice stayed connected: " + states);
                assertTrue(states.get(states.size() - 1) instanceof ConnectionState.Online, "alice stayed connected: " + states);
                assertTrue(session.state().get() instanceof ConnectionState.Online);
            } finally {
                raw.disconnect();
            }
        }
    }
}
