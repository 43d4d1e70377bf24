package org.sotto.apiclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ConversationSummary;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.event.ObservableValue;
import org.sotto.core.internal.testing.Await;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/** The chat list a window shows, through the API alone: it follows messages, unread counts, names and settings. */
class ConversationListTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    private static Account online(SottoProfile profile, ProsodyServer server, String jid) {
        Account account = profile.accounts().add(AccountRecord.of(jid).withServer(server.host(), server.c2sPort()), "pw");
        assertInstanceOf(ConnectionState.Online.class, account.connect().orTimeout(20, TimeUnit.SECONDS).join());
        return account;
    }

    private static List<ConversationSummary> until(ObservableValue<List<ConversationSummary>> list,
                                                   Predicate<List<ConversationSummary>> condition) {
        Await.until("the chat list changes as expected", () -> condition.test(list.get()));
        return list.get();
    }

    private static List<String> peers(List<ConversationSummary> list) {
        return list.stream().map(ConversationSummary::peer).toList();
    }

    @Test
    void theListFollowsMessagesUnreadCountsNamesAndSettingsEntryByEntry() throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "pw");
        String bob = server.register("bob", "pw");
        String carol = server.register("carol", "pw");
        ProfileOptions options = ProfileOptions.defaults().withCertificateTrust(server.certificate().trustManager())
                .withReconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1)).withConnectOnOpen(false);
        try (SottoProfile ap = Profiles.inMemory(options); SottoProfile bp = Profiles.inMemory(options);
             SottoProfile cp = Profiles.inMemory(options)) {
            Account a = online(ap, server, alice);
            Account b = online(bp, server, bob);
            Account c = online(cp, server, carol);
            ObservableValue<List<ConversationSummary>> list = a.chats().conversationList();

            b.chats().send(alice, "one").join();
            b.chats().send(alice, "two").join();
            until(list, l -> l.size() == 1 && l.get(0).unread() == 2 && l.get(0).newest().body().equals("two"));
            c.chats().send(alice, "hi").join();
            List<ConversationSummary> two = until(list, l -> l.size() == 2 && l.get(0).peer().equals(carol));
            assertEquals(List.of(carol, bob), peers(two), "the most recent first");
            assertEquals(bob, two.get(1).title(), "no name in the roster: the address");
            assertEquals(a.trust().encryptionState(bob).get(), two.get(1).encryption(), "the chat's state");
            // once bob's devices are fetched, the next message would be encrypted: the entry follows
            a.trust().refresh(bob).join();
            until(list, l -> l.get(1).encryption() == Encryption.E2EE_TRUSTED);

            a.chats().setPinned(bob, true).join();
            assertEquals(List.of(bob, carol), peers(until(list, l -> l.get(0).pinned())), "pinned on top");
            a.chats().setMuted(carol, true).join();
            until(list, l -> l.get(1).muted());

            a.contacts().add(bob, Optional.of("Bobby"), Set.of()).join();
            until(list, l -> l.get(0).title().equals("Bobby"));
            a.chats().markRead(bob).join();
            until(list, l -> l.get(0).unread() == 0 && l.get(1).unread() == 1);

            // a list read afresh agrees with the one kept up to date
            assertEquals(Map.of(bob, 0, carol, 1), a.chats().conversationSummaries().join().stream()
                    .collect(Collectors.toMap(ConversationSummary::peer, ConversationSummary::unread)));
        }
    }
}
