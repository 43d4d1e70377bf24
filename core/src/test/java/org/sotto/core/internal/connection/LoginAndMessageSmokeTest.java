package org.sotto.core.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.jivesoftware.smack.chat2.ChatManager;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jxmpp.jid.impl.JidCreate;

import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

class LoginAndMessageSmokeTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    private static ConnectionSettings settings(ProsodyServer server, String jid, String password) {
        return ConnectionSettings.of(jid, password).withServer(server.host(), server.c2sPort())
                .withTrustManager(server.certificate().trustManager());
    }

    @Test
    void aliceLogsInOverVerifiedTlsAndBobReceivesHerMessage() throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "alice-pw");
        String bob = server.register("bob", "bob-pw");

        XMPPTCPConnection aliceConnection = Connections.connectAndLogin(settings(server, alice, "alice-pw"));
        XMPPTCPConnection bobConnection = Connections.connectAndLogin(settings(server, bob, "bob-pw"));
        try {
            assertTrue(aliceConnection.isSecureConnection(), "alice's stream is not TLS");
            assertTrue(bobConnection.isSecureConnection(), "bob's stream is not TLS");

            BlockingQueue<Message> received = new ArrayBlockingQueue<>(1);
            ChatManager.getInstanceFor(bobConnection).addIncomingListener((from, message, chat) -> received.add(message));
            ChatManager.getInstanceFor(aliceConnection).chatWith(JidCreate.entityBareFrom(bob)).send("hi bob, it's alice");

            Message message = received.poll(10, TimeUnit.SECONDS);
            assertNotNull(message, "bob received nothing within 10 s");
            assertEquals("hi bob, it's alice", message.getBody());
            assertEquals(alice, message.getFrom().asBareJid().toString());
        } finally {
            aliceConnection.disconnect();
            bobConnection.disconnect();
        }
    }

    @Test
    void aServerCertificateTheClientDoesNotTrustIsRefused() throws Exception {
        ProsodyServer server = PROSODY.server();
        String carol = server.register("carol", "carol-pw");
        // the JDK's default trust store does not contain the test certificate
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        X509TrustManager systemTrust = (X509TrustManager) factory.getTrustManagers()[0];
        ConnectionSettings untrusted = ConnectionSettings.of(carol, "carol-pw")
                .withServer(server.host(), server.c2sPort()).withTrustManager(systemTrust);
        Exception failure = assertThrows(Exception.class, () -> Connections.connectAndLogin(untrusted).disconnect());
        assertTrue(hasCause(failure, SSLException.class) || hasCause(failure, CertificateException.class),
                "expected a TLS certificate failure, got " + failure);
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (hasCause(suppressed, type)) {
                    return true;
                }
            }
        }
        return false;
    }
}
