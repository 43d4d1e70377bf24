package org.sotto.core.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jivesoftware.smack.SASLAuthentication;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * What Sotto authenticates with (docs/core.md, "Authentication"): Smack 4.4.8's SCRAM-SHA-1 against Prosody 0.12 with
 * its default SHA-1 password hashes (it offers SCRAM-SHA-1 and PLAIN); Sotto adds SCRAM-SHA-256, and Smack's
 * SCRAM-SHA-1-PLUS (tls-server-end-point only) stays blacklisted by Smack itself.
 */
class SaslMechanismTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    @Test
    void sottoLogsInWithScramSha1HereAndUsesNoChannelBinding() throws Exception {
        ProsodyServer server = PROSODY.server();
        String jid = server.register("sasl", "sasl-pw");
        XMPPTCPConnection connection = Connections.connectAndLogin(ConnectionSettings.of(jid, "sasl-pw")
                .withServer(server.host(), server.c2sPort()).withTrustManager(server.certificate().trustManager()));
        try {
            assertEquals("SCRAM-SHA-1", connection.getUsedSaslMechansism());
            assertTrue(connection.isSecureConnection());
        } finally {
            connection.disconnect();
        }
        assertTrue(SASLAuthentication.isSaslMechanismRegistered("SCRAM-SHA-1-PLUS"), "Smack has it …");
        assertTrue(SASLAuthentication.getBlacklistedSASLMechanisms().contains("SCRAM-SHA-1-PLUS"), "… but never uses it");
        assertTrue(SASLAuthentication.isSaslMechanismRegistered("SCRAM-SHA-256"), "Sotto's own (ScramSha256Test)");
        assertFalse(SASLAuthentication.isSaslMechanismRegistered("SCRAM-SHA-256-PLUS"));
    }
}
