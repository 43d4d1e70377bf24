package org.sotto.core.internal.account;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.sotto.core.internal.connection.ConnectionSettings;
import org.sotto.core.internal.connection.Connections;
import org.sotto.core.internal.testing.Await;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/** A kept registration stream is closed when its time is up, and its handle then gives nothing. */
class OpenRegistrationsTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    @Test
    void anExpiredStreamIsClosedAndItsHandleIsGone() throws Exception {
        ProsodyServer server = PROSODY.server();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (OpenRegistrations open = new OpenRegistrations(timer, Duration.ofMillis(200))) {
            XMPPTCPConnection connection = Connections.createAnonymousStream(ConnectionSettings.of(server.domain(), "")
                    .withServer(server.host(), server.c2sPort()).withTrustManager(server.certificate().trustManager()));
            connection.connect();
            String handle = open.keep(server.domain(), connection, Optional.empty());
            Await.until("the kept stream closes when its time is up", () -> !connection.isConnected());
            assertTrue(open.take(handle).isEmpty());
        } finally {
            timer.shutdownNow();
        }
    }
}
