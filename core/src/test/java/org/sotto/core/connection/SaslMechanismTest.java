package org.sotto.core.connection;

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
 * What Sotto authenticates with (docs/core.md, "Authentication"): Smack 4.4.8's SCRAM-SHA-1 against Prosody 0.12,
 * whose hashed password store offers SCRAM-SHA-1 and PLAIN; Smack has no SCRAM-SHA-256, and its SCRAM-SHA-1-PLUS
 * (tls-server-end-point only) is blacklisted by Smack itself.
 */
class SaslMechanismTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    @Test
    void sottoLogsInWithScramSha1AndSmackOffersNoChannelBindingOrSha256() throws Exception {
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
        assertFalse(SASLAuthentication.isSaslMechanismRegistered("SCRAM-SHA-256"));
        assertFalse(SASLAuthentication.isSaslMechanismRegistered("SCRAM-SHA-256-PLUS"));
    }
}
