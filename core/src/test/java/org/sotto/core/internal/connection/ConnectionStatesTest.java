package org.sotto.core.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.account.FailureReason;
import org.sotto.core.api.event.ConnectionStateChanged;
import org.sotto.core.internal.SottoOptions;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.persistence.memory.InMemoryPersistence;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

class ConnectionStatesTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    @Test
    void aCorrectAccountComesOnlineAndTheStateIsObservable() {
        ProsodyServer server = PROSODY.server();
        String jid = server.register("olga", "olga-pw");
        try (TestSotto device = TestSotto.start(server)) {
            AccountSession session = device.online(jid, "olga-pw");
            ConnectionState.Online online = assertInstanceOf(ConnectionState.Online.class, session.state().get());
            assertTrue(online.boundJid().startsWith(jid + "/sotto-"), online.boundJid());
            device.await(ConnectionStateChanged.class, e -> e.state() instanceof ConnectionState.Connecting);
            device.await(ConnectionStateChanged.class, e -> e.state() instanceof ConnectionState.Online);
            // XEP-0352: the window is hidden and shown again; the stream stays up
            Await.done(session.setActive(false));
            Await.done(session.setActive(true));
            assertInstanceOf(ConnectionState.Online.class, session.state().get());
            Await.done(session.disconnect());
            device.await(ConnectionStateChanged.class, e -> device.recorded(ConnectionStateChanged.class).stream()
                    .filter(c -> c.state() instanceof ConnectionState.Offline).count() == 2); // the initial one and now
        }
    }

    @Test
    void aWrongPasswordFailsWithNotAuthorizedAndNoRetry() {
        ProsodyServer server = PROSODY.server();
        String jid = server.register("wanda", "right-pw");
        try (TestSotto device = TestSotto.start(server)) {
            AccountSession session = device.sotto.accounts().add(device.record(jid), "wrong-pw");
            ConnectionState state = Await.done(session.connect());
            ConnectionState.Failed failed = assertInstanceOf(ConnectionState.Failed.class, state);
            assertEquals(FailureReason.NOT_AUTHORIZED, failed.failure().reason());
            assertTrue(failed.message().contains("password"), failed.message());
        }
    }

    @Test
    void anUntrustedCertificateIsReportedWithItsFingerprintAndWorksOncePinned() {
        ProsodyServer server = PROSODY.server();
        String jid = server.register("pinny", "pinny-pw");
        String expected = CertificateFingerprints.sha256(server.certificate().certificate());
        // the real system trust store, which does not know the test server's self-signed certificate
        SottoOptions systemTrust = TestSotto.options(server).withBaseTrust(PinningTrustManager.system());
        try (TestSotto device = new TestSotto(server, new InMemoryPersistence(), systemTrust)) {
            AccountSession session = device.sotto.accounts().add(device.record(jid), "pinny-pw");
            ConnectionState.Failed failed = assertInstanceOf(ConnectionState.Failed.class, Await.done(session.connect()));
            assertEquals(FailureReason.UNTRUSTED_CERTIFICATE, failed.failure().reason());
            assertEquals(expected, failed.failure().certificateSha256().orElseThrow());

            ConnectionState afterPin = Await.done(session.pinCertificate(failed.failure().certificateSha256().get()));
            assertInstanceOf(ConnectionState.Online.class, afterPin);
            assertTrue(session.record().pinnedCertificates().contains(expected));
        }
    }

    @Test
    void aServerNobodyListensOnMeansReconnectingWithTheNextAttemptTime() throws IOException {
        ProsodyServer server = PROSODY.server();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (TestSotto device = TestSotto.start(server)) {
            AccountRecord nowhere = AccountRecord.of("nobody@localhost").withServer("127.0.0.1", closedPort);
            AccountSession session = device.sotto.accounts().add(nowhere, "pw");
            Instant before = Instant.now();
            ConnectionState.Reconnecting reconnecting = assertInstanceOf(ConnectionState.Reconnecting.class, Await.done(session.connect()));
            assertEquals(FailureReason.UNREACHABLE, reconnecting.cause().reason());
            assertTrue(reconnecting.nextAttempt().isAfter(before));
            // it keeps trying on its own
            device.await(ConnectionStateChanged.class, e -> e.state() instanceof ConnectionState.Reconnecting r && r.attempt() >= 3);
            Await.done(session.disconnect());
            assertInstanceOf(ConnectionState.Offline.class, session.state().get());
        }
    }
}
