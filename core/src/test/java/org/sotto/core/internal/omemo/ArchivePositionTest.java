package org.sotto.core.internal.omemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.hints.element.StoreHint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jxmpp.jid.impl.JidCreate;

import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.omemo.element.OmemoNamespaces;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * The catch-up position moves past every archived item it processed, also past one that stores nothing: here the
 * user's other client's OMEMO 0.3 key-only message to a contact (for the contact's device, none for this one).
 */
class ArchivePositionTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    @Test
    void aCatchUpEndingWithAnItemThatStoresNothingIsNotFetchedAgain() throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "alice-pw");
        String bob = server.register("bob", "bob-pw");
        try (TestSotto device = TestSotto.start(server)) {
            AccountSession session = device.sotto.accounts().add(device.record(alice), "alice-pw");
            session.enableOmemo(new InMemoryOmemoStore(), EnumSet.allOf(OmemoVersion.class));
            assertInstanceOf(ConnectionState.Online.class,
                    session.connect().orTimeout(TestSotto.WAIT.toSeconds(), TimeUnit.SECONDS).join());
            XMPPTCPConnection other = OmemoTestSupport.plain(server, alice, "alice-pw", "other-client");
            try {
                other.sendStanza(other.getStanzaFactory().buildMessageStanza().to(JidCreate.entityBareFrom(bob))
                        .ofType(Message.Type.chat).setBody("a plain hello").build());
                device.await(MessageAdded.class, e -> e.message().body().equals("a plain hello"));
                // a key for bob's device only, no payload: archived (store hint), stored nowhere by alice's Sotto
                StandardExtensionElement keyOnly = StandardExtensionElement.builder("encrypted", OmemoNamespaces.LEGACY)
                        .addElement(StandardExtensionElement.builder("header", OmemoNamespaces.LEGACY)
                                .addAttribute("sid", "4242")
                                .addElement(StandardExtensionElement.builder("key", OmemoNamespaces.LEGACY)
                                        .addAttribute("rid", "777").setText("AAECAwQFBgcICQoLDA0ODw==").build())
                                .addElement("iv", "AAECAwQFBgcICQoL").build())
                        .build();
                other.sendStanza(other.getStanzaFactory().buildMessageStanza().to(JidCreate.entityBareFrom(bob))
                        .ofType(Message.Type.chat).addExtension(keyOnly).addExtension(StoreHint.INSTANCE).build());
                // the server handles a session's stanzas in order: once this answers, the message is archived
                ServiceDiscoveryManager.getInstanceFor(other).discoverInfo(JidCreate.domainBareFrom(server.domain()));
            } finally {
                other.disconnect();
            }

            int first = Await.done(session.catchUp());
            // the key-only message at least (the live carbon of the plain one may have moved the position already)
            assertTrue(first >= 1, "fetched " + first);
            assertEquals(0, Await.done(session.catchUp()), "nothing new: the key-only message is behind the position");
            assertEquals(1, Await.done(session.chats().history(bob, Optional.empty(), 10)).size());
        }
    }
}
