package org.sotto.apiclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.contacts.Availability;
import org.sotto.core.api.contacts.Contact;
import org.sotto.core.api.contacts.SubscriptionState;
import org.sotto.core.api.event.ObservableValue;
import org.sotto.core.internal.testing.Await;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/** The contact list a window shows, through the API alone: names, subscriptions and presence as they change; offline from the profile. */
class RosterApiTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    @TempDir
    Path temp;

    private static Account online(Account account) {
        assertInstanceOf(ConnectionState.Online.class, account.connect().orTimeout(20, TimeUnit.SECONDS).join());
        return account;
    }

    private static Contact until(ObservableValue<List<Contact>> roster, String jid, Predicate<Contact> condition) {
        Await.until("the roster shows " + jid + " as expected", () -> roster.get().stream()
                .anyMatch(c -> c.jid().equals(jid) && condition.test(c)));
        return roster.get().stream().filter(c -> c.jid().equals(jid)).findFirst().orElseThrow();
    }

    @Test
    void theRosterFollowsNamesSubscriptionsAndPresenceAndIsReadableOfflineAfterARestart() throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "pw");
        String bob = server.register("bob", "pw");
        ProfileOptions options = ProfileOptions.defaults().withCertificateTrust(server.certificate().trustManager())
                .withReconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1)).withConnectOnOpen(false);
        Path dir = temp.resolve("alice");
        char[] passphrase = "correct horse".toCharArray();
        try (SottoProfile ap = Profiles.create(dir, passphrase.clone(), passphrase.clone(), options);
             SottoProfile bp = Profiles.inMemory(options)) {
            Account a = online(ap.accounts().add(AccountRecord.of(alice).withServer(server.host(), server.c2sPort()), "pw"));
            Account b = online(bp.accounts().add(AccountRecord.of(bob).withServer(server.host(), server.c2sPort()), "pw"));
            ObservableValue<List<Contact>> roster = a.contacts().roster();
            Await.until("the roster is loaded (empty)", () -> roster.get().isEmpty());

            a.contacts().add(bob, Optional.of("Bobby"), Set.of("Friends")).join();
            Contact asked = until(roster, bob, c -> c.awaitingApproval());
            assertEquals(Optional.of("Bobby"), asked.name());
            assertEquals(Set.of("Friends"), asked.groups());
            a.contacts().rename(bob, Optional.of("Bob B.")).join();
            assertEquals(Optional.of("Bob B."), until(roster, bob, c -> c.name().isPresent()
                    && !c.name().get().equals("Bobby")).name());
            assertEquals(Set.of("Friends"), until(roster, bob, c -> true).groups(), "renaming keeps the groups");
            a.contacts().rename(bob, Optional.of("Bobby")).join();
            a.contacts().setGroups(bob, Set.of("Family")).join();
            until(roster, bob, c -> c.groups().equals(Set.of("Family")));
            a.contacts().setGroups(bob, Set.of("Friends")).join();
            until(roster, bob, c -> c.groups().equals(Set.of("Friends")) && c.name().equals(Optional.of("Bobby")));

            Await.until("bob sees alice's request", () -> b.contacts().pendingRequests().join().contains(alice));
            b.contacts().approve(alice).join();
            until(roster, bob, c -> c.subscription() == SubscriptionState.TO && !c.awaitingApproval()
                    && c.availability() == Availability.AVAILABLE);

            b.contacts().setPresence(Availability.AWAY, Optional.of("lunch")).join();
            Contact away = until(roster, bob, c -> c.availability() == Availability.AWAY);
            assertEquals(Optional.of("lunch"), away.status());

            b.disconnect().join();
            until(roster, bob, c -> c.availability() == Availability.OFFLINE);
            b.connect().orTimeout(20, TimeUnit.SECONDS).join();
            // the availability bob chose is what his next login announces, not a plain "available"
            until(roster, bob, c -> c.availability() == Availability.AWAY && c.status().equals(Optional.of("lunch")));

            a.disconnect().join();
            until(roster, bob, c -> c.availability() == Availability.OFFLINE); // the own connection lost: unknown
        }
        try (SottoProfile again = Profiles.unlock(dir, passphrase.clone(), options)) {
            Account a = again.accounts().find(alice).orElseThrow();
            Contact stored = until(a.contacts().roster(), bob, c -> true);
            assertEquals(Optional.of("Bobby"), stored.name());
            assertEquals(SubscriptionState.TO, stored.subscription());
            assertEquals(Availability.OFFLINE, stored.availability(), "never connected in this run");
        }
    }
}
