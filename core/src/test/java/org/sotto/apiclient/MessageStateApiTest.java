package org.sotto.apiclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.ConversationSummary;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.chat.SendFailure;
import org.sotto.core.api.chat.UndecryptableReason;
import org.sotto.core.api.event.ChatEncryptionChanged;
import org.sotto.core.internal.testing.Await;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * Typed message and chat states through the API against a real server: a chat's state before and after its
 * contact's devices are known, why a message could not be decrypted, and why a sent message failed, the last two
 * also after the profile was closed and opened again.
 */
class MessageStateApiTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    @TempDir
    Path temp;

    private static char[] pp() {
        return "correct horse battery".toCharArray();
    }

    private static ProfileOptions options(ProsodyServer server) {
        return ProfileOptions.defaults().withCertificateTrust(server.certificate().trustManager())
                .withReconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1)).withConnectOnOpen(false);
    }

    private static Account online(SottoProfile profile, ProsodyServer server, String jid, String password) {
        Account account = profile.accounts().add(AccountRecord.of(jid).withServer(server.host(), server.c2sPort()), password);
        assertInstanceOf(ConnectionState.Online.class, account.connect().orTimeout(20, TimeUnit.SECONDS).join());
        return account;
    }

    private static List<ChatMessage> history(Account account, String peer) {
        return Await.done(account.chats().history(peer, Optional.empty(), 50));
    }

    @Test
    void aChatWhoseDevicesWereNeverFetchedIsNotPlaintextAndFollowsOnceTheyAre() {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "alice-pw");
        String bob = server.register("bob", "bob-pw");
        String nomemo = server.register("nomemo", "nomemo-pw"); // never uses an OMEMO client
        try (SottoProfile ap = Profiles.inMemory(options(server)); SottoProfile bp = Profiles.inMemory(options(server))) {
            Account a = online(ap, server, alice, "alice-pw");
            online(bp, server, bob, "bob-pw");
            List<ChatEncryptionChanged> changes = new CopyOnWriteArrayList<>();
            ap.subscribe(ChatEncryptionChanged.class, Optional.of(alice), Runnable::run, changes::addAll);

            assertEquals(Encryption.DEVICES_UNKNOWN, a.trust().encryptionState(bob).get(),
                    "nothing fetched yet: not plaintext, which nobody chose");
            assertEquals(Encryption.DEVICES_UNKNOWN, a.trust().encryptionState(nomemo).get());

            ChatMessage sent = Await.done(a.chats().send(bob, "the first message fetches bob's devices"));
            assertEquals(Encryption.E2EE_TRUSTED, sent.encryption());
            Await.until("the chat follows the fetched devices",
                    () -> a.trust().encryptionState(bob).get() == Encryption.E2EE_TRUSTED);
            Await.until("and says so as an event", () -> changes.stream()
                    .anyMatch(e -> e.peer().equals(bob) && e.encryption() == Encryption.E2EE_TRUSTED));

            // a contact without OMEMO: the send fetches, finds nothing and fails; nothing goes out or is stored
            assertThrows(CompletionException.class, () -> a.chats().send(nomemo, "secret").join());
            assertEquals(List.of(), history(a, nomemo));
            assertEquals(Encryption.DEVICES_UNKNOWN, a.trust().encryptionState(nomemo).get(),
                    "still not plaintext after the failure");

            a.trust().setPlaintext(nomemo, true);
            Await.until("plaintext only by choice", () -> a.trust().encryptionState(nomemo).get() == Encryption.PLAINTEXT);
            assertEquals(Encryption.PLAINTEXT, Await.done(a.chats().send(nomemo, "in the clear, as chosen")).encryption());
            Await.until("the chat list shows both states", () -> {
                List<ConversationSummary> list = a.chats().conversationList().get();
                return list.size() == 2 && list.stream().anyMatch(c -> c.peer().equals(bob) && c.encryption() == Encryption.E2EE_TRUSTED)
                        && list.stream().anyMatch(c -> c.peer().equals(nomemo) && c.encryption() == Encryption.PLAINTEXT);
            });
        }
    }

    @Test
    void whyAMessageFailedOrCouldNotBeDecryptedIsKeptWithItAcrossARestart() {
        ProsodyServer server = PROSODY.server(); // one server for the class: other names than the other test's
        String alice = server.register("alma", "alice-pw");
        String bob = server.register("bert", "bob-pw");
        String nomemo = server.register("norma", "nomemo-pw");
        String nobody = "nobody@" + alice.substring(alice.indexOf('@') + 1);
        Path dir = temp.resolve("alice-laptop");
        String bounced;
        String queued;
        try (SottoProfile phone = Profiles.inMemory(options(server)); SottoProfile bp = Profiles.inMemory(options(server))) {
            online(phone, server, alice, "alice-pw"); // alice's first device: the only one bob knows
            Account b = online(bp, server, bob, "bob-pw");
            Await.done(b.chats().send(alice, "only for the phone"));
            try (SottoProfile laptop = Profiles.create(dir, pp(), pp(), options(server))) {
                Account a = online(laptop, server, alice, "alice-pw"); // a new device: the archive brings bob's message
                Await.until("the laptop fetched bob's message", () -> history(a, bob).size() == 1);
                ChatMessage unreadable = history(a, bob).get(0);
                assertEquals(Encryption.UNDECRYPTABLE, unreadable.encryption());
                assertEquals(Optional.of(UndecryptableReason.NOT_FOR_THIS_DEVICE), unreadable.undecryptable());
                assertEquals("", unreadable.body(), "neither the fallback text nor English to parse");

                // a bounce: the server says the address does not exist
                a.trust().setPlaintext(nobody, true);
                bounced = Await.done(a.chats().send(nobody, "anyone there?")).key();
                Await.until("the bounce is recorded", () -> history(a, nobody).stream()
                        .anyMatch(m -> m.status() == MessageStatus.FAILED));
                assertEquals(Optional.of(SendFailure.RECIPIENT_UNREACHABLE), history(a, nobody).get(0).failure());

                // written offline in an OMEMO chat with a contact who has no OMEMO: it fails when it is due to go out
                Await.done(a.disconnect());
                ChatMessage written = Await.done(a.chats().send(nomemo, "are you there?"));
                queued = written.key();
                assertEquals(MessageStatus.PENDING, written.status());
                assertEquals(Encryption.DEVICES_UNKNOWN, written.encryption(), "not known yet how it will go out");
                assertTrue(written.failure().isEmpty());
                assertInstanceOf(ConnectionState.Online.class, a.connect().orTimeout(20, TimeUnit.SECONDS).join());
                Await.until("the queued message failed", () -> history(a, nomemo).stream()
                        .anyMatch(m -> m.status() == MessageStatus.FAILED));
                assertEquals(Optional.of(SendFailure.NO_OMEMO_DEVICES), history(a, nomemo).get(0).failure());
            }
        }
        try (SottoProfile laptop = Profiles.unlock(dir, pp(), options(server))) {
            Account a = laptop.accounts().find(alice).orElseThrow();
            assertEquals(Optional.of(UndecryptableReason.NOT_FOR_THIS_DEVICE), history(a, bob).get(0).undecryptable());
            assertEquals("", history(a, bob).get(0).body());
            ChatMessage bounce = history(a, nobody).get(0);
            assertEquals(bounced, bounce.key());
            assertEquals(Optional.of(SendFailure.RECIPIENT_UNREACHABLE), bounce.failure(), "a window opened later says why");
            ChatMessage neverSent = history(a, nomemo).get(0);
            assertEquals(queued, neverSent.key());
            assertEquals(MessageStatus.FAILED, neverSent.status());
            assertEquals(Optional.of(SendFailure.NO_OMEMO_DEVICES), neverSent.failure());
            assertEquals(List.of(), Await.done(a.chats().search(Optional.empty(), "device", 10)),
                    "no reason text in the search index");
        }
    }
}
