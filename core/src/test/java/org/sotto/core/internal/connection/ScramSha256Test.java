package org.sotto.core.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.account.FailureReason;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * A Prosody that stores SCRAM-SHA-256 hashes offers SCRAM-SHA-256 (and PLAIN) but not SCRAM-SHA-1: Sotto's own
 * mechanism logs in with it (without it Smack 4.4.8 would send the password with PLAIN), and a wrong password is
 * refused as before.
 */
class ScramSha256Test {
    @RegisterExtension
    static final ProsodyExtension PROSODY = ProsodyExtension.withGlobalConfig("password_hash = \"SHA-256\"");

    private static ConnectionSettings settings(ProsodyServer server, String jid, String password) {
        return ConnectionSettings.of(jid, password).withServer(server.host(), server.c2sPort())
                .withTrustManager(server.certificate().trustManager());
    }

    @Test
    void logsInWithScramSha256AndRefusesAWrongPassword() throws Exception {
        ProsodyServer server = PROSODY.server();
        String jid = server.register("hana", "pässwörd, with = signs");
        XMPPTCPConnection connection = Connections.connectAndLogin(settings(server, jid, "pässwörd, with = signs"));
        try {
            assertEquals(ScramSha256Mechanism.NAME, connection.getUsedSaslMechansism());
        } finally {
            connection.disconnect();
        }
        assertThrows(SASLErrorException.class, () -> Connections.connectAndLogin(settings(server, jid, "wrong")));

        try (TestSotto sotto = TestSotto.start(server)) {
            AccountSession session = sotto.online(jid, "pässwörd, with = signs");
            Await.done(session.disconnect());
            AccountSession wrong = sotto.sotto.accounts().add(sotto.record(server.register("ivo", "ivo-pw")), "not ivo's");
            ConnectionState state = Await.done(wrong.connect());
            assertEquals(FailureReason.NOT_AUTHORIZED,
                    assertInstanceOf(ConnectionState.Failed.class, state).failure().reason());
        }
    }
}
