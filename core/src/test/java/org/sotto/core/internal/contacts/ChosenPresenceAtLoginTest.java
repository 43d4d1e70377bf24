package org.sotto.core.internal.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.contacts.Availability;
import org.sotto.core.api.contacts.SubscriptionState;
import org.sotto.core.api.event.PresenceChanged;
import org.sotto.core.api.event.RosterChanged;
import org.sotto.core.api.event.SubscriptionRequested;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * The availability the user chose is what contacts see after a login that resumed no stream (going offline and
 * online again, a server restart), not the plain "available" Smack sends at login; "offline" stays offline.
 */
class ChosenPresenceAtLoginTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    static TestSotto aliceDevice;
    static TestSotto bobDevice;
    static AccountSession alice;
    static AccountSession bob;
    static String aliceJid;
    static String bobJid;

    @BeforeAll
    static void online() {
        ProsodyServer server = PROSODY.server();
        aliceJid = server.register("alice", "alice-pw");
        bobJid = server.register("bob", "bob-pw");
        aliceDevice = TestSotto.start(server);
        bobDevice = TestSotto.start(server);
        alice = aliceDevice.online(aliceJid, "alice-pw");
        bob = bobDevice.online(bobJid, "bob-pw");
        Await.done(alice.contacts().add(bobJid, Optional.of("Bob"), Set.of()));
        bobDevice.await(SubscriptionRequested.class, e -> e.from().equals(aliceJid));
        Await.done(bob.contacts().approve(aliceJid));
        aliceDevice.await(RosterChanged.class, e -> e.contacts().stream()
                .anyMatch(c -> c.jid().equals(bobJid) && c.subscription() == SubscriptionState.TO));
        aliceDevice.await(PresenceChanged.class, e -> e.contact().equals(bobJid)
                && e.availability() == Availability.AVAILABLE);
    }

    @AfterAll
    static void close() {
        aliceDevice.close();
        bobDevice.close();
    }

    /** Goes offline and online again: a new login, no stream to resume. */
    private static void loginAgain() {
        Await.done(bob.disconnect());
        aliceDevice.await(PresenceChanged.class, e -> e.contact().equals(bobJid)
                && e.availability() == Availability.OFFLINE);
        aliceDevice.clearEvents();
        assertInstanceOf(ConnectionState.Online.class, Await.done(bob.connect()));
    }

    @Test
    void doNotDisturbWithItsStatusSurvivesANewLoginOfflineStaysOfflineAndAChoiceMadeOfflineIsSentAtLogin() throws Exception {
        Await.done(bob.contacts().setPresence(Availability.DO_NOT_DISTURB, Optional.of("in a meeting")));
        aliceDevice.await(PresenceChanged.class, e -> e.contact().equals(bobJid)
                && e.availability() == Availability.DO_NOT_DISTURB);

        loginAgain();
        PresenceChanged back = aliceDevice.await(PresenceChanged.class, e -> e.contact().equals(bobJid)
                && e.availability() != Availability.OFFLINE);
        assertEquals(Availability.DO_NOT_DISTURB, back.availability(), "the first presence after the login");
        assertEquals(Optional.of("in a meeting"), back.status());

        Await.done(bob.contacts().setPresence(Availability.OFFLINE, Optional.empty()));
        aliceDevice.await(PresenceChanged.class, e -> e.contact().equals(bobJid)
                && e.availability() == Availability.OFFLINE);
        loginAgain();
        // bob's roster change reaches the server after his initial presence, alice's after its broadcast to her
        Await.done(bob.contacts().setGroups(aliceJid, Set.of("after the login")));
        Await.done(alice.contacts().setGroups(bobJid, Set.of("after the login")));
        aliceDevice.await(RosterChanged.class, e -> e.contacts().stream()
                .anyMatch(c -> c.jid().equals(bobJid) && c.groups().contains("after the login")));
        Thread.sleep(500); // events are delivered on core's event thread
        assertTrue(aliceDevice.recorded(PresenceChanged.class).stream()
                        .noneMatch(e -> e.contact().equals(bobJid) && e.availability() != Availability.OFFLINE),
                () -> "bob chose offline: " + aliceDevice.recorded(PresenceChanged.class));

        // chosen while disconnected: the call fails, the choice is what the next login sends
        Await.done(bob.disconnect());
        assertThrows(CompletionException.class,
                () -> bob.contacts().setPresence(Availability.AWAY, Optional.of("back soon")).join());
        assertInstanceOf(ConnectionState.Online.class, Await.done(bob.connect()));
        PresenceChanged away = aliceDevice.await(PresenceChanged.class, e -> e.contact().equals(bobJid)
                && e.availability() != Availability.OFFLINE);
        assertEquals(Availability.AWAY, away.availability());
        assertEquals(Optional.of("back soon"), away.status());
    }
}
