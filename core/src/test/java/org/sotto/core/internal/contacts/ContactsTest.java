package org.sotto.core.internal.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.sotto.core.api.contacts.Availability;
import org.sotto.core.api.contacts.Contact;
import org.sotto.core.api.contacts.SubscriptionState;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.event.PresenceChanged;
import org.sotto.core.api.event.RosterChanged;
import org.sotto.core.api.event.SubscriptionRequested;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

class ContactsTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    static TestSotto aliceDevice;
    static TestSotto bobDevice;
    static TestSotto carolDevice;
    static AccountSession alice;
    static AccountSession bob;
    static AccountSession carol;
    static String aliceJid;
    static String bobJid;
    static String carolJid;

    @BeforeAll
    static void online() {
        ProsodyServer server = PROSODY.server();
        aliceJid = server.register("alice", "alice-pw");
        bobJid = server.register("bob", "bob-pw");
        carolJid = server.register("carol", "carol-pw");
        aliceDevice = TestSotto.start(server);
        bobDevice = TestSotto.start(server);
        carolDevice = TestSotto.start(server);
        alice = aliceDevice.online(aliceJid, "alice-pw");
        bob = bobDevice.online(bobJid, "bob-pw");
        carol = carolDevice.online(carolJid, "carol-pw");
    }

    @AfterAll
    static void close() {
        aliceDevice.close();
        bobDevice.close();
        carolDevice.close();
    }

    @Test
    void anApprovedSubscriptionShowsPresenceAndStatusAndGroupsAreKept() {
        Await.done(alice.contacts().add(bobJid, Optional.of("Bob"), Set.of("Friends")));
        bobDevice.await(SubscriptionRequested.class, e -> e.from().equals(aliceJid));
        assertEquals(List.of(aliceJid), Await.done(bob.contacts().pendingRequests()));
        Await.done(bob.contacts().approve(aliceJid));

        aliceDevice.await(RosterChanged.class, e -> e.contacts().stream()
                .anyMatch(c -> c.jid().equals(bobJid) && c.subscription() == SubscriptionState.TO));
        Await.done(bob.contacts().setPresence(Availability.AWAY, Optional.of("lunch")));
        PresenceChanged away = aliceDevice.await(PresenceChanged.class, e -> e.contact().equals(bobJid) && e.availability() == Availability.AWAY);
        assertEquals(Optional.of("lunch"), away.status());

        Await.done(alice.contacts().setGroups(bobJid, Set.of("Friends", "Work")));
        aliceDevice.await(RosterChanged.class, e -> e.contacts().stream()
                .anyMatch(c -> c.jid().equals(bobJid) && c.groups().equals(Set.of("Friends", "Work"))));
        Contact bobContact = Await.done(alice.contacts().contacts()).stream().filter(c -> c.jid().equals(bobJid)).findFirst().orElseThrow();
        assertEquals(Optional.of("Bob"), bobContact.name());
        assertEquals(Availability.AWAY, bobContact.availability());
    }

    @Test
    void aDeniedRequestGivesNoPresence() {
        Await.done(carol.contacts().add(aliceJid, Optional.empty(), Set.of()));
        aliceDevice.await(SubscriptionRequested.class, e -> e.from().equals(carolJid));
        Await.done(alice.contacts().deny(carolJid));
        carolDevice.await(RosterChanged.class, e -> e.contacts().stream()
                .anyMatch(c -> c.jid().equals(aliceJid) && c.subscription() == SubscriptionState.NONE && !c.awaitingApproval()));
    }

    @Test
    void aPreApprovedContactIsAcceptedWithoutAsking() {
        Await.done(carol.contacts().preApprove(bobJid));
        Await.done(bob.contacts().add(carolJid, Optional.empty(), Set.of()));
        bobDevice.await(RosterChanged.class, e -> e.contacts().stream()
                .anyMatch(c -> c.jid().equals(carolJid) && (c.subscription() == SubscriptionState.TO || c.subscription() == SubscriptionState.BOTH)));
        // carol never answered: the server approved on her behalf (Prosody still tells her about the request)
        carolDevice.await(RosterChanged.class, e -> e.contacts().stream()
                .anyMatch(c -> c.jid().equals(bobJid) && c.subscription() == SubscriptionState.FROM));
    }

    @Test
    void aBlockedContactsMessagesDoNotArrive() {
        Await.done(alice.contacts().block(carolJid));
        Await.until("carol is blocked", () -> Await.done(alice.contacts().blocked()).equals(List.of(carolJid)));
        Await.done(carol.chats().send(aliceJid, "can you hear me?"));
        Await.done(bob.chats().send(aliceJid, "bob gets through"));
        aliceDevice.await(MessageAdded.class, e -> e.message().body().equals("bob gets through"));
        Await.done(alice.drain());
        assertTrue(aliceDevice.recorded(MessageAdded.class).stream().noneMatch(e -> e.message().body().equals("can you hear me?")));
        Await.done(alice.contacts().unblock(carolJid));
        // the server's block-list push updates the cached list a moment later
        Await.until("carol is unblocked", () -> Await.done(alice.contacts().blocked()).isEmpty());
    }
}
