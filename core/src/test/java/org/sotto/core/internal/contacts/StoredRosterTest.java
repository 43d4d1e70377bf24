package org.sotto.core.internal.contacts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.contacts.Availability;
import org.sotto.core.api.contacts.Avatar;
import org.sotto.core.api.contacts.Contact;
import org.sotto.core.api.contacts.SubscriptionState;
import org.sotto.core.api.event.AvatarChanged;
import org.sotto.core.api.event.ConnectionStateChanged;
import org.sotto.core.api.event.PresenceChanged;
import org.sotto.core.api.event.RosterChanged;
import org.sotto.core.api.event.SubscriptionRequested;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.persistence.store.StorePersistence;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.store.KdfParameters;
import org.sotto.store.Profile;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * The roster and avatars kept in an encrypted profile against the real Prosody: readable without connecting,
 * loaded with roster versioning (XEP-0237) at the next login, avatars fetched only for hashes not stored; and the
 * own disconnection is not reported as the contacts going offline.
 */
class StoredRosterTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    private static final String PASSPHRASE = "stored roster passphrase";
    private static final KdfParameters FAST = new KdfParameters(KdfParameters.MINIMUM_MEMORY_KIB, 1, 1);
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");
    private static final byte[] RED_PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    @TempDir
    Path temp;

    private static StorePersistence reopen(Path dir) {
        return StorePersistence.owning(Profile.unlock(dir, PASSPHRASE.toCharArray()));
    }

    private static AccountSession session(TestSotto device, String jid) {
        return device.sotto.accounts().session(jid).orElseThrow();
    }

    private static AccountSession connect(TestSotto device, String jid) {
        AccountSession session = session(device, jid);
        assertInstanceOf(ConnectionState.Online.class, Await.done(session.connect()));
        return session;
    }

    /** Both see each other's presence. */
    private static void befriend(TestSotto a, AccountSession aSession, TestSotto b, AccountSession bSession,
                                 Optional<String> name, Set<String> groups) {
        Await.done(aSession.contacts().add(bSession.jid(), name, groups));
        b.await(SubscriptionRequested.class, e -> e.from().equals(aSession.jid()));
        Await.done(bSession.contacts().approve(aSession.jid()));
        Await.done(bSession.contacts().add(aSession.jid(), Optional.empty(), Set.of()));
        a.await(SubscriptionRequested.class, e -> e.from().equals(bSession.jid()));
        Await.done(aSession.contacts().approve(bSession.jid()));
        a.await(RosterChanged.class, e -> e.contacts().stream()
                .anyMatch(c -> c.jid().equals(bSession.jid()) && c.subscription() == SubscriptionState.BOTH));
    }

    private static Contact contact(List<Contact> roster, String jid) {
        return roster.stream().filter(c -> c.jid().equals(jid)).findFirst()
                .orElseThrow(() -> new AssertionError(jid + " is not in " + roster));
    }

    @Test
    void theRosterIsReadFromTheProfileWithoutConnectingAndLoadedWithRosterVersioning() throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("ann", "alice-pw");
        String bob = server.register("ben", "bob-pw");
        String carol = server.register("carol", "carol-pw");
        String dave = server.register("dave", "dave-pw");
        String erin = server.register("erin", "erin-pw");
        Path aliceDir = temp.resolve("alice");
        List<Contact> before;

        // 1. a roster built online: bob both ways with a name and two groups, carol asked but not answered,
        //    dave added and removed again
        try (StorePersistence store = StorePersistence.owning(Profile.create(aliceDir, PASSPHRASE.toCharArray(), FAST));
             TestSotto a = new TestSotto(server, store, TestSotto.options(server));
             TestSotto b = TestSotto.start(server)) {
            AccountSession aliceSession = a.online(alice, "alice-pw");
            AccountSession bobSession = b.online(bob, "bob-pw");
            befriend(a, aliceSession, b, bobSession, Optional.of("Bob"), Set.of("Friends", "Work"));
            Await.done(aliceSession.contacts().add(carol, Optional.of("Carol"), Set.of("Work")));
            Await.done(aliceSession.contacts().add(dave, Optional.empty(), Set.of()));
            Await.done(aliceSession.contacts().remove(dave));
            a.await(PresenceChanged.class, e -> e.contact().equals(bob) && e.availability() == Availability.AVAILABLE);
            before = Await.done(aliceSession.contacts().contacts());
            assertEquals(Availability.AVAILABLE, contact(before, bob).availability(), "presence while online");
            assertTrue(store.roster().version(alice).isPresent(), "Prosody offers roster versioning");
            assertTrue(aliceSession.contacts().rosterLoads().full() >= 1, "a fresh profile gets the whole roster");
        }
        assertEquals(List.of(bob, carol), before.stream().map(Contact::jid).toList());
        assertEquals(new Contact(bob, Optional.of("Bob"), Set.of("Friends", "Work"), SubscriptionState.BOTH, false,
                Availability.AVAILABLE, Optional.empty()), contact(before, bob));
        assertEquals(new Contact(carol, Optional.of("Carol"), Set.of("Work"), SubscriptionState.NONE, true,
                Availability.OFFLINE, Optional.empty()), contact(before, carol));

        // 2. reopened without connecting: the same roster, every contact unavailable (presence is not stored)
        String version;
        try (StorePersistence store = reopen(aliceDir);
             TestSotto a = new TestSotto(server, store, TestSotto.options(server))) {
            AccountSession aliceSession = session(a, alice);
            assertInstanceOf(ConnectionState.Offline.class, aliceSession.state().get());
            List<Contact> offline = Await.done(aliceSession.contacts().contacts());
            assertEquals(before.stream().map(c -> new Contact(c.jid(), c.name(), c.groups(), c.subscription(),
                    c.awaitingApproval(), Availability.OFFLINE, Optional.empty())).toList(), offline);
            version = store.roster().version(alice).orElseThrow();

            // 3. connected with nothing changed: the server answers "unchanged" and sends no item
            connect(a, alice);
            Await.until("the roster is loaded", () -> aliceSession.contacts().rosterLoads().unchanged() == 1);
            assertEquals(0, aliceSession.contacts().rosterLoads().full(), "an unchanged roster is not sent again");
            assertEquals(version, store.roster().version(alice).orElseThrow());
            assertEquals(List.of(bob, carol), Await.done(aliceSession.contacts().contacts()).stream().map(Contact::jid).toList());
        }

        // 4. while alice's Sotto is closed, another client of hers moves bob into one group and adds erin
        try (TestSotto other = TestSotto.start(server)) {
            AccountSession elsewhere = other.sotto.accounts().add(other.record(alice).withResource("phone"), "alice-pw");
            assertInstanceOf(ConnectionState.Online.class, Await.done(elsewhere.connect()));
            Await.done(elsewhere.contacts().setGroups(bob, Set.of("Friends")));
            Await.done(elsewhere.contacts().add(erin, Optional.of("Erin"), Set.of()));
            other.await(RosterChanged.class, e -> e.contacts().stream().anyMatch(c -> c.jid().equals(erin)));
        }
        try (StorePersistence store = reopen(aliceDir);
             TestSotto a = new TestSotto(server, store, TestSotto.options(server))) {
            AccountSession aliceSession = connect(a, alice);
            a.await(RosterChanged.class, e -> e.contacts().stream().anyMatch(c -> c.jid().equals(erin)));
            assertEquals(1, aliceSession.contacts().rosterLoads().full(), "a changed roster comes whole");
            assertEquals(0, aliceSession.contacts().rosterLoads().unchanged());
            assertFalse(store.roster().version(alice).orElseThrow().equals(version), "a new version was stored");
        }
        try (StorePersistence store = reopen(aliceDir);
             TestSotto a = new TestSotto(server, store, TestSotto.options(server))) {
            List<Contact> offline = Await.done(session(a, alice).contacts().contacts());
            assertEquals(List.of(bob, carol, erin), offline.stream().map(Contact::jid).toList());
            assertEquals(Set.of("Friends"), contact(offline, bob).groups());
            assertEquals(SubscriptionState.BOTH, contact(offline, bob).subscription());
            assertEquals(Optional.of("Erin"), contact(offline, erin).name());
            assertTrue(contact(offline, erin).awaitingApproval());
        }
    }

    @Test
    void anAvatarIsFetchedAgainAfterARestartOnlyWhenItsHashChanged() throws InterruptedException {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("amy", "alice-pw");
        String bob = server.register("bill", "bob-pw");
        Path aliceDir = temp.resolve("alice");
        try (TestSotto b = TestSotto.start(server)) {
            AccountSession bobSession = b.online(bob, "bob-pw");

            // 1. bob's avatar reaches alice once
            try (StorePersistence store = StorePersistence.owning(Profile.create(aliceDir, PASSPHRASE.toCharArray(), FAST));
                 TestSotto a = new TestSotto(server, store, TestSotto.options(server))) {
                AccountSession aliceSession = a.online(alice, "alice-pw");
                befriend(a, aliceSession, b, bobSession, Optional.empty(), Set.of());
                Await.done(bobSession.avatars().setOwn(PNG, "image/png"));
                Avatar first = a.await(AvatarChanged.class, e -> e.jid().equals(bob) && e.avatar().isPresent())
                        .avatar().orElseThrow();
                assertArrayEquals(PNG, first.data());
                Await.until("alice stored bob's hash", () -> store.avatars().announced(alice, bob)
                        .equals(Optional.of(AvatarService.sha1(PNG))));
                assertEquals(1, aliceSession.avatars().fetches());
            }

            // 2. reopened: the avatar is there offline; the login announces the same hash, which is not announced
            //    again; a new hash afterwards is fetched
            try (StorePersistence store = reopen(aliceDir);
                 TestSotto a = new TestSotto(server, store, TestSotto.options(server))) {
                AccountSession aliceSession = session(a, alice);
                Avatar offline = Await.done(aliceSession.avatars().avatar(bob)).orElseThrow();
                assertArrayEquals(PNG, offline.data());
                assertEquals(0, aliceSession.avatars().fetches());
                connect(a, alice);
                // bob's presence (with his XEP-0153 photo hash) and the last metadata item come with the login
                a.await(PresenceChanged.class, e -> e.contact().equals(bob) && e.availability() == Availability.AVAILABLE);
                // bob sent his presence again after setting his picture, so its hash is his picture's, not "none"
                // (a "none" for a stored picture would be checked over the network, a fetch)
                Thread.sleep(1_000); // nothing to wait for when nothing happens: a fetch would have begun by now
                assertEquals(0, aliceSession.avatars().fetches(), "the same hash at the login is not fetched");
                Await.done(bobSession.avatars().setOwn(RED_PNG, "image/png"));
                Avatar red = a.await(AvatarChanged.class, e -> e.avatar().isPresent()).avatar().orElseThrow();
                assertArrayEquals(RED_PNG, red.data());
                // the new hash is fetched; while bob's server swaps the picture it may announce "none" for a moment
                // (mod_vcard_legacy purges the nodes, then publishes), checked over the network too: one fetch more
                long fetches = aliceSession.avatars().fetches();
                assertTrue(fetches == 1 || fetches == 2, "the new hash fetched, at most once more: " + fetches);
                assertEquals(List.of(), a.recorded(AvatarChanged.class).stream().filter(e -> e.avatar()
                        .map(x -> x.sha1().equals(AvatarService.sha1(PNG))).orElse(false)).toList(),
                        "the unchanged avatar was not announced again");
                Await.until("alice stored bob's new hash", () -> store.avatars().announced(alice, bob)
                        .equals(Optional.of(AvatarService.sha1(RED_PNG))));
                assertFalse(store.avatars().contains(alice, AvatarService.sha1(PNG)), "the old image is gone");
            }

            // 3. bob goes back to the first picture while alice is away: that hash is fetched at her next login
            Await.done(bobSession.avatars().setOwn(PNG, "image/png"));
            try (StorePersistence store = reopen(aliceDir);
                 TestSotto a = new TestSotto(server, store, TestSotto.options(server))) {
                AccountSession aliceSession = connect(a, alice);
                Avatar again = a.await(AvatarChanged.class, e -> e.jid().equals(bob) && e.avatar().isPresent())
                        .avatar().orElseThrow();
                assertArrayEquals(PNG, again.data());
                assertEquals(1, aliceSession.avatars().fetches());
            }
        }
    }

    @Test
    void theOwnDisconnectionIsNotReportedAsContactsGoingOffline() {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("ada", "alice-pw");
        String bob = server.register("bert", "bob-pw");
        try (TestSotto a = TestSotto.start(server); TestSotto b = TestSotto.start(server)) {
            AccountSession aliceSession = a.online(alice, "alice-pw");
            AccountSession bobSession = b.online(bob, "bob-pw");
            befriend(a, aliceSession, b, bobSession, Optional.empty(), Set.of());
            a.await(PresenceChanged.class, e -> e.contact().equals(bob) && e.availability() == Availability.AVAILABLE);

            a.clearEvents();
            Await.done(aliceSession.disconnect());
            a.await(ConnectionStateChanged.class, e -> e.state() instanceof ConnectionState.Offline);
            assertEquals(Availability.OFFLINE, contact(Await.done(aliceSession.contacts().contacts()), bob).availability(),
                    "offline, presence is unknown");
            // Smack handles one contact's presences in order, so the made-up "unavailable" of the disconnection
            // would be published before the presence that comes after the next login
            connect(a, alice);
            a.await(PresenceChanged.class, e -> e.contact().equals(bob) && e.availability() == Availability.AVAILABLE);
            assertEquals(List.of(), a.recorded(PresenceChanged.class).stream()
                    .filter(e -> e.availability() == Availability.OFFLINE).toList(), "no contact went offline");

            // bob leaving is reported
            Await.done(bobSession.disconnect());
            a.await(PresenceChanged.class, e -> e.contact().equals(bob) && e.availability() == Availability.OFFLINE);
        }
    }
}
