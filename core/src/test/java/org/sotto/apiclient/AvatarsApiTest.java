package org.sotto.apiclient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ConversationSummary;
import org.sotto.core.api.contacts.Availability;
import org.sotto.core.api.contacts.Avatar;
import org.sotto.core.api.contacts.Contact;
import org.sotto.core.api.contacts.SubscriptionState;
import org.sotto.core.api.event.AvatarChanged;
import org.sotto.core.api.event.ObservableValue;
import org.sotto.core.internal.testing.Await;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/** Pictures through the API alone: the own one set and removed, a contact's read from the profile while offline. */
class AvatarsApiTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    /** The smallest valid PNG: 1×1 transparent pixel. */
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private static Account online(SottoProfile profile, ProsodyServer server, String jid, String password) {
        Account account = profile.accounts().add(AccountRecord.of(jid).withServer(server.host(), server.c2sPort()), password);
        assertInstanceOf(ConnectionState.Online.class, account.connect().orTimeout(20, TimeUnit.SECONDS).join());
        return account;
    }

    @Test
    void theOwnPictureIsSetAndRemovedAndAContactsIsReadOffline() {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "alice-pw");
        String bob = server.register("bob", "bob-pw");
        String carol = server.register("carol", "carol-pw");
        ProfileOptions options = ProfileOptions.defaults().withCertificateTrust(server.certificate().trustManager())
                .withReconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1)).withConnectOnOpen(false);
        try (SottoProfile aliceProfile = Profiles.inMemory(options); SottoProfile bobProfile = Profiles.inMemory(options);
             SottoProfile carolProfile = Profiles.inMemory(options)) {
            Account a = online(aliceProfile, server, alice, "alice-pw");
            Account b = online(bobProfile, server, bob, "bob-pw");
            Account c = online(carolProfile, server, carol, "carol-pw");
            assertThrows(IllegalArgumentException.class, () -> a.avatars().setOwn(PNG, "image/gif"));

            // bob and alice subscribe to each other: her picture's announcements reach him and the image is kept in his profile
            Await.done(b.contacts().add(alice, Optional.empty(), Set.of()));
            Await.until("alice was asked", () -> Await.done(a.contacts().pendingRequests()).contains(bob));
            Await.done(a.contacts().approve(bob));
            Await.done(a.contacts().add(bob, Optional.empty(), Set.of())); // and back: alice's server learns bob's caps
            Await.until("bob was asked", () -> Await.done(b.contacts().pendingRequests()).contains(alice));
            Await.done(b.contacts().approve(alice));
            Await.until("they see each other's presence", () -> Await.done(b.contacts().contacts()).stream()
                    .anyMatch(x -> x.jid().equals(alice) && x.subscription() == SubscriptionState.BOTH));
            Await.done(a.chats().send(bob, "hello"));
            ObservableValue<List<ConversationSummary>> bobsChats = b.chats().conversationList();
            Await.until("bob's chat list has alice", () -> bobsChats.get().size() == 1);
            assertEquals(Optional.empty(), bobsChats.get().get(0).avatar());
            List<AvatarChanged> changes = new CopyOnWriteArrayList<>();
            bobProfile.subscribe(AvatarChanged.class, Optional.of(bob), Runnable::run, changes::addAll);
            Await.done(a.avatars().setOwn(PNG, "image/png"));
            Await.until("bob learnt alice's picture", () -> changes.stream()
                    .anyMatch(e -> e.jid().equals(alice) && e.avatar().isPresent()));
            Avatar online = Await.done(b.avatars().avatar(alice)).orElseThrow();
            assertArrayEquals(PNG, online.data());
            Await.until("the chat list entry shows alice's picture",
                    () -> bobsChats.get().get(0).avatar().equals(Optional.of(online.sha1())));

            // offline, from bob's profile
            Await.done(b.disconnect());
            Await.until("alice sees bob offline", () -> availability(a, bob) == Availability.OFFLINE);
            Avatar offline = Await.done(b.avatars().avatar(alice)).orElseThrow();
            assertArrayEquals(PNG, offline.data());
            assertEquals(online.sha1(), offline.sha1());

            int beforeReconnecting = changes.size();
            assertInstanceOf(ConnectionState.Online.class, Await.done(b.connect()));
            // the server has bob's new presence, and with it his interest in avatar notifications, before alice
            // removes her picture: else the notification of the removal can miss his new session
            Await.until("alice sees bob online again", () -> availability(a, bob) != Availability.OFFLINE);

            // removing the own picture: someone who asks now gets none, and the contacts are told
            assertEquals(Optional.of(online.sha1()), Await.done(c.avatars().avatar(alice)).map(Avatar::sha1));
            // alice's presence, answering bob's probe, still says "no photo" (the server stamped it when she came
            // online, before her picture): the network is asked, and bob keeps the picture
            Await.until("bob sees alice online again", () -> availability(b, alice) != Availability.OFFLINE);
            assertEquals(List.of(), changes.subList(beforeReconnecting, changes.size()).stream()
                    .filter(e -> e.avatar().isEmpty()).toList(), "no removal reported on reconnecting");
            assertEquals(Optional.of(online.sha1()), bobsChats.get().get(0).avatar());
            changes.clear(); // what bob is told from now on is about the removal
            Await.done(a.avatars().removeOwn());
            Await.until("alice has no picture any more", () -> Await.done(c.avatars().avatar(alice)).isEmpty());
            Await.until("alice's own profile knows it is gone", () -> Await.done(a.avatars().avatar(alice)).isEmpty());
            Await.until("bob was told", () -> changes.stream().anyMatch(e -> e.jid().equals(alice) && e.avatar().isEmpty()));
            Await.until("the entry has no picture again", () -> bobsChats.get().get(0).avatar().isEmpty());
        }
    }

    private static Availability availability(Account account, String jid) {
        return Await.done(account.contacts().contacts()).stream().filter(c -> c.jid().equals(jid))
                .map(Contact::availability).findFirst().orElse(Availability.OFFLINE);
    }
}
