package org.sotto.core.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.account.FailureReason;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.event.ConnectionStateChanged;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.internal.SottoOptions;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.persistence.memory.InMemoryPersistence;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TcpProxy;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/** The network dies mid-conversation; Sotto reconnects, resumes the stream and nothing is lost or doubled. */
class StreamResumptionTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    @Test
    void cuttingTheSocketMidConversationResumesWithoutLossOrDuplicates() throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "alice-pw");
        String bob = server.register("bob", "bob-pw");
        try (TcpProxy network = new TcpProxy(server.c2sPort());
             TestSotto aliceDevice = TestSotto.start(server);
             TestSotto bobDevice = TestSotto.start(server)) {
            AccountSession aliceSession = aliceDevice.sotto.accounts()
                    .add(AccountRecord.of(alice).withServer(server.host(), network.port()), "alice-pw");
            Await.done(aliceSession.connect());
            AccountSession bobSession = bobDevice.online(bob, "bob-pw");

            List<String> fromBob = new ArrayList<>();
            List<String> fromAlice = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 5; i++) {
                    String b = "bob " + round + "." + i;
                    String a = "alice " + round + "." + i;
                    fromBob.add(b);
                    fromAlice.add(a);
                    bobSession.chats().send(alice, b);
                    aliceSession.chats().send(bob, a);
                }
                network.cut();
                // while alice is cut off, both keep writing
                for (int i = 5; i < 10; i++) {
                    String b = "bob " + round + "." + i;
                    String a = "alice " + round + "." + i;
                    fromBob.add(b);
                    fromAlice.add(a);
                    Await.done(bobSession.chats().send(alice, b));
                    Await.done(aliceSession.chats().send(bob, a));
                }
                int resumedBefore = resumedCount(aliceDevice);
                Await.until("alice resumed her stream", () -> resumedCount(aliceDevice) > resumedBefore);
            }
            String lastFromBob = fromBob.get(fromBob.size() - 1);
            String lastFromAlice = fromAlice.get(fromAlice.size() - 1);
            aliceDevice.await(MessageAdded.class, e -> e.message().body().equals(lastFromBob));
            bobDevice.await(MessageAdded.class, e -> e.message().body().equals(lastFromAlice));
            Await.done(aliceSession.drain());
            Await.done(bobSession.drain());

            List<ChatMessage> atAlice = Await.done(aliceSession.chats().history(bob, Optional.empty(), 1000));
            List<ChatMessage> atBob = Await.done(bobSession.chats().history(alice, Optional.empty(), 1000));
            assertEquals(sorted(fromBob), sorted(bodies(atAlice, Direction.INCOMING)), "what alice received");
            assertEquals(sorted(fromAlice), sorted(bodies(atBob, Direction.INCOMING)), "what bob received");
            assertEquals(fromAlice, bodies(atAlice, Direction.OUTGOING), "alice's own log");
            assertTrue(resumedCount(aliceDevice) >= 3);
        }
    }

    @Test
    void aSilentlyDeadSocketIsNoticedByPingAndTheStreamResumes() throws Exception {
        ProsodyServer server = PROSODY.server();
        String carol = server.register("carol", "carol-pw");
        String dave = server.register("dave", "dave-pw");
        SottoOptions quickPing = TestSotto.options(server)
                .withPingInterval(Duration.ofSeconds(1)).withReplyTimeout(Duration.ofSeconds(2));
        try (TcpProxy network = new TcpProxy(server.c2sPort());
             TestSotto carolDevice = new TestSotto(server, new InMemoryPersistence(), quickPing);
             TestSotto daveDevice = TestSotto.start(server)) {
            AccountSession carolSession = carolDevice.sotto.accounts()
                    .add(AccountRecord.of(carol).withServer(server.host(), network.port()), "carol-pw");
            Await.done(carolSession.connect());
            AccountSession daveSession = daveDevice.online(dave, "dave-pw");

            network.freeze(); // nothing gets through, yet no socket closes
            Await.done(daveSession.chats().send(carol, "are you there?"));
            carolDevice.await(ConnectionStateChanged.class, e -> e.state() instanceof ConnectionState.Reconnecting r
                    && r.cause().reason() == FailureReason.TIMEOUT);
            Await.until("carol resumed", () -> resumedCount(carolDevice) > 0);
            carolDevice.await(MessageAdded.class, e -> e.message().body().equals("are you there?"));
        }
    }

    @Test
    void whatTheUserSendsDuringASlowConnectIsStoredAtOnceAndSentOnceOnline() throws Exception {
        ProsodyServer server = PROSODY.server();
        String erin = server.register("erin", "erin-pw");
        String fred = server.register("fred", "fred-pw");
        try (TcpProxy network = new TcpProxy(server.c2sPort());
             TestSotto erinDevice = TestSotto.start(server);
             TestSotto fredDevice = TestSotto.start(server)) {
            fredDevice.online(fred, "fred-pw");
            network.silent(true); // the server accepts the TCP connection and then says nothing
            AccountSession erinSession = erinDevice.sotto.accounts()
                    .add(AccountRecord.of(erin).withServer(server.host(), network.port()), "erin-pw");
            erinSession.connect();
            erinDevice.await(ConnectionStateChanged.class, e -> e.state() instanceof ConnectionState.Connecting);

            ChatMessage queued = Await.done(erinSession.chats().send(fred, "written while connecting"));
            assertEquals(MessageStatus.PENDING, queued.status());
            assertTrue(erinSession.state().get() instanceof ConnectionState.Connecting,
                    "the send was stored while the connection attempt still hung: " + erinSession.state().get());

            network.silent(false);
            network.cut(); // the hanging attempt fails; the retry goes through
            fredDevice.await(MessageAdded.class, e -> e.message().body().equals("written while connecting"));
        }
    }

    private static int resumedCount(TestSotto device) {
        return (int) device.recorded(ConnectionStateChanged.class).stream()
                .filter(e -> e.state() instanceof ConnectionState.Online online && online.resumed()).count();
    }

    private static List<String> bodies(List<ChatMessage> messages, Direction direction) {
        return messages.stream().filter(m -> m.direction() == direction).map(ChatMessage::body).toList();
    }

    private static List<String> sorted(List<String> texts) {
        return texts.stream().sorted().collect(Collectors.toList());
    }
}
