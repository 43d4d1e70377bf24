package org.sotto.app.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.sotto.app.UiThread;
import org.sotto.app.ui.Strings;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.contacts.Availability;
import org.sotto.core.api.contacts.Contact;
import org.sotto.core.api.contacts.SubscriptionState;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * The contacts view model of alice's account against a real Prosody, with bob and carol in profiles of their own:
 * adding (and what is not an address), a request answered from the window, presence, rename, groups, block, remove,
 * deny; and an action while offline said in words.
 */
class ContactsViewModelTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    private final UiThread ui = new UiThread();
    private final List<SottoProfile> profiles = new ArrayList<>();

    @AfterEach
    void close() {
        ui.close();
        profiles.forEach(SottoProfile::close);
    }

    private Account online(ProsodyServer server, String jid, boolean connect) {
        SottoProfile profile = Profiles.inMemory(ProfileOptions.defaults().withConnectOnOpen(false)
                .withCertificateTrust(server.certificate().trustManager())
                .withReconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1)));
        profiles.add(profile);
        Account account = profile.accounts().add(AccountRecord.of(jid).withServer(server.host(), server.c2sPort()), "pw");
        if (connect) {
            assertInstanceOf(ConnectionState.Online.class, account.connect().orTimeout(30, TimeUnit.SECONDS).join());
        }
        return account;
    }

    private ContactsViewModel model(Account account) {
        SottoProfile profile = profiles.get(profiles.size() - 1);
        AtomicReference<ContactsViewModel> model = new AtomicReference<>();
        ui.run(() -> {
            model.set(new ContactsViewModel(profile, account, ui));
            model.get().start();
        });
        return model.get();
    }

    private <T> T done(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    @Test
    void whatIsNotAnAddressIsSaidBeforeAnythingIsSent() {
        assertEquals(Optional.of(Strings.get("contacts.error.addressEmpty")), ContactsViewModel.addressError("  "));
        for (String wrong : List.of("bob", "bob@", "@example.org", "bob@example.org/phone", "bob smith@example.org",
                "bob@@example.org", "bob@example.org.")) {
            assertEquals(Optional.of(Strings.get("contacts.error.address", wrong.strip())),
                    ContactsViewModel.addressError(wrong), wrong);
        }
        assertEquals(Optional.empty(), ContactsViewModel.addressError(" bob@example.org "));
        assertEquals(Set.of("Friends", "Work"), ContactsViewModel.groups("Friends, Work,, Friends ,Work "));
    }

    @Test
    void addAcceptPresenceRenameGroupsBlockAndRemove() throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "pw");
        String bob = server.register("bob", "pw");
        Account a = online(server, alice, true);
        ContactsViewModel aliceContacts = model(a);
        Account b = online(server, bob, true);
        ContactsViewModel bobContacts = model(b);

        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> ui.get(() -> aliceContacts.add("bob at localhost", "", "")).get(5, TimeUnit.SECONDS));
        assertEquals(Strings.get("contacts.error.address", "bob at localhost"), refused.getCause().getMessage());
        assertThrows(ExecutionException.class, () -> ui.get(() -> aliceContacts.add(alice, "", "")).get(5, TimeUnit.SECONDS),
                "not one's own address");

        done(ui.get(() -> aliceContacts.add(" Bob@localhost ", "Bobby", "Friends, Work")));
        ui.await("bob is in alice's contacts, asked", () -> aliceContacts.contact(bob)
                .map(c -> c.awaitingApproval() && c.name().equals(Optional.of("Bobby"))
                        && c.groups().equals(Set.of("Friends", "Work"))).orElse(false));
        ui.await("bob sees alice's request", () -> bobContacts.requests().contains(alice));

        done(ui.get(() -> bobContacts.accept(alice)));
        assertFalse(ui.get(() -> bobContacts.requests().contains(alice)));
        ui.await("alice sees bob online", () -> aliceContacts.contact(bob)
                .map(c -> c.availability() == Availability.AVAILABLE && !c.awaitingApproval()).orElse(false));
        // accepting asked back: alice is asked to let bob see her
        ui.await("alice has bob's request", () -> aliceContacts.requests().contains(bob));
        ui.await("bob has alice as a contact", () -> bobContacts.contact(alice).isPresent());
        done(ui.get(() -> aliceContacts.accept(bob)));
        ui.await("they see each other", () -> aliceContacts.contact(bob).map(Contact::subscription)
                .orElse(null) == SubscriptionState.BOTH);
        assertEquals(Strings.get("contacts.subscription.both"),
                ContactsViewModel.subscriptionText(ui.get(() -> aliceContacts.contact(bob).orElseThrow())));

        done(b.contacts().setPresence(Availability.DO_NOT_DISTURB, Optional.of("in a meeting")));
        ui.await("bob's presence arrives", () -> aliceContacts.contact(bob).map(c -> c.availability()
                == Availability.DO_NOT_DISTURB).orElse(false));

        // the details of bob follow the roster
        ContactDetailsViewModel details = ui.get(() -> new ContactDetailsViewModel(aliceContacts, bob));
        assertEquals("Bobby", ui.get(() -> details.titleProperty().get()));
        assertEquals(Strings.get("contacts.presence.dnd"), ui.get(() -> details.presenceProperty().get()));
        assertEquals("in a meeting", ui.get(() -> details.statusProperty().get()));
        assertEquals("presence-dnd", ui.get(() -> details.presenceStyleProperty().get()));
        assertEquals("Friends, Work", ui.get(() -> details.groupsProperty().get()));

        ui.run(() -> {
            details.nameProperty().set("Bob B.");
            details.saveName();
        });
        ui.await("renamed", () -> details.titleProperty().get().equals("Bob B."));
        assertEquals(Set.of("Friends", "Work"), ui.get(() -> aliceContacts.contact(bob).orElseThrow().groups()));
        ui.run(() -> {
            details.groupsProperty().set("Family");
            details.saveGroups();
        });
        ui.await("regrouped", () -> aliceContacts.contact(bob).map(c -> c.groups().equals(Set.of("Family")))
                .orElse(false));
        assertEquals(Optional.of("Bob B."), ui.get(() -> aliceContacts.contact(bob).orElseThrow().name()));

        ui.run(details::toggleBlocked);
        ui.await("blocked", () -> details.blockedProperty().get());
        assertTrue(done(a.contacts().blocked()).contains(bob), "the server has bob on alice's block list");
        ui.run(details::toggleBlocked);
        ui.await("unblocked", () -> !details.blockedProperty().get());
        ui.await("the server's block list is empty again", () -> !done(a.contacts().blocked()).contains(bob));

        ui.run(details::remove);
        ui.await("bob is no contact any more", () -> !details.inRosterProperty().get());
        assertEquals(Strings.get("contacts.notInRoster"), ui.get(() -> details.subscriptionProperty().get()));
        assertEquals(Strings.get("contacts.presence.offline"), ui.get(() -> details.presenceProperty().get()));
        assertEquals("", ui.get(() -> aliceContacts.errorProperty().get()));
        ui.run(details::close);
    }

    @Test
    void aDeniedRequestGoesAndAnActionOfflineSaysSo() throws Exception {
        ProsodyServer server = PROSODY.server();
        String dora = server.register("dora", "pw");
        String carol = server.register("carol", "pw");
        Account d = online(server, dora, true);
        ContactsViewModel doraContacts = model(d);
        Account c = online(server, carol, true);

        done(c.contacts().add(dora, Optional.empty(), Set.of()));
        ui.await("dora sees carol's request", () -> doraContacts.requests().contains(carol));
        done(ui.get(() -> doraContacts.deny(carol)));
        assertFalse(ui.get(() -> doraContacts.requests().contains(carol)));
        assertFalse(ui.get(() -> doraContacts.contact(carol).isPresent()), "denying adds nobody");
        ui.await("carol learns the answer", () -> c.contacts().roster().get().stream().anyMatch(x -> x.jid().equals(dora)
                && !x.awaitingApproval() && x.subscription() == SubscriptionState.NONE));

        done(d.disconnect());
        CompletableFuture<Void> offline = ui.get(() -> doraContacts.add("erin@localhost", "", ""));
        assertThrows(ExecutionException.class, () -> offline.get(30, TimeUnit.SECONDS));
        assertEquals(Strings.get("contacts.error.offline", Strings.get("contacts.action.add", "erin@localhost")),
                ui.get(() -> doraContacts.errorProperty().get()));
    }
}
