package org.sotto.apiclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.AccountRemovedException;
import org.sotto.core.api.account.AccountSummary;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.account.FailureReason;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.chat.SendFailure;
import org.sotto.core.api.event.ObservableValue;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * The accounts screen's work through the API alone, on profiles on disk against a real server: the observable list,
 * a refused password and its correction, enabling and disabling across a restart, changed server settings, removal
 * with and without the history.
 */
class AccountsApiTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    private static final Duration WAIT = TestSotto.WAIT;

    @TempDir
    Path temp;

    private static char[] pp() {
        return "correct horse battery".toCharArray();
    }

    private static ProfileOptions options(ProsodyServer server, boolean connectOnOpen) {
        return ProfileOptions.defaults().withCertificateTrust(server.certificate().trustManager())
                .withReconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1)).withConnectOnOpen(connectOnOpen);
    }

    /** Waits until the list has a value the condition accepts (as a window's binding would see it). */
    private static List<AccountSummary> until(ObservableValue<List<AccountSummary>> list, String what,
                                              Predicate<List<AccountSummary>> condition) {
        List<List<AccountSummary>> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<List<AccountSummary>> found = new CompletableFuture<>();
        try (var subscription = list.subscribe(value -> {
            seen.add(value);
            if (condition.test(value)) {
                found.complete(value);
            }
        })) {
            return found.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError(what + "; the list was " + seen, e);
        }
    }

    private static Predicate<List<AccountSummary>> one(String jid, Predicate<AccountSummary> condition) {
        return list -> list.stream().anyMatch(a -> a.jid().equals(jid) && condition.test(a));
    }

    private static Throwable cause(Runnable action) {
        CompletionException e = assertThrows(CompletionException.class, action::run);
        return e.getCause();
    }

    @Test
    void aRefusedPasswordIsTypedAndTheCorrectedOneConnectsAndEnablingIsKeptAcrossARestart() throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "alice-pw");
        Path dir = temp.resolve("alice");
        AccountRecord record = AccountRecord.of(alice).withServer(server.host(), server.c2sPort());
        try (SottoProfile profile = Profiles.create(dir, pp(), pp(), options(server, true))) {
            ObservableValue<List<AccountSummary>> list = profile.accounts().accountList();
            assertEquals(List.of(), list.get());
            Account account = profile.accounts().add(record, "not-the-password");
            until(list, "the new account is listed, enabled and offline", l -> l.size() == 1
                    && l.get(0).enabled() && !l.get(0).historyOnly() && l.get(0).state() instanceof ConnectionState.Offline);

            ConnectionState refused = account.connect().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
            assertEquals(FailureReason.NOT_AUTHORIZED,
                    assertInstanceOf(ConnectionState.Failed.class, refused).failure().reason());
            List<AccountSummary> failed = until(list, "the failure is in the list",
                    one(alice, a -> a.failure().map(f -> f.reason() == FailureReason.NOT_AUTHORIZED).orElse(false)));
            assertInstanceOf(ConnectionState.Failed.class, failed.get(0).state());

            profile.accounts().changePassword(alice, "alice-pw"); // a failed, enabled account tries again at once
            until(list, "the corrected password connects", one(alice, a -> a.state() instanceof ConnectionState.Online
                    && a.failure().isEmpty()));

            Await.done(profile.accounts().setEnabled(alice, false));
            until(list, "disabled: offline", one(alice, a -> !a.enabled() && a.state() instanceof ConnectionState.Offline));
            assertFalse(account.record().enabled(), "stored");
        }
        try (SottoProfile profile = Profiles.unlock(dir, pp(), options(server, true))) {
            ObservableValue<List<AccountSummary>> list = profile.accounts().accountList();
            assertEquals(1, list.get().size());
            assertFalse(list.get().get(0).enabled(), "still disabled after the restart");
            Thread.sleep(500); // opening starts the enabled accounts' connections at once
            assertInstanceOf(ConnectionState.Offline.class, profile.accounts().find(alice).orElseThrow().state().get(),
                    "a disabled account does not connect when the profile opens");

            Await.done(profile.accounts().setEnabled(alice, true));
            until(list, "enabled: it connects", one(alice, a -> a.enabled() && a.state() instanceof ConnectionState.Online));
        }
        try (SottoProfile profile = Profiles.unlock(dir, pp(), options(server, true))) {
            until(profile.accounts().accountList(), "enabled: it connects when the profile opens",
                    one(alice, a -> a.enabled() && a.state() instanceof ConnectionState.Online));
        }
    }

    @Test
    void changedServerSettingsAreUsedByTheNextAttempt() {
        ProsodyServer server = PROSODY.server();
        String carol = server.register("carol", "carol-pw");
        try (SottoProfile profile = Profiles.create(temp.resolve("carol"), pp(), pp(), options(server, false))) {
            ObservableValue<List<AccountSummary>> list = profile.accounts().accountList();
            int closedPort = freePort();
            Account account = profile.accounts().add(AccountRecord.of(carol).withServer(server.host(), closedPort), "carol-pw");
            account.connect();
            until(list, "nothing listens there: retrying", one(carol, a -> a.state() instanceof ConnectionState.Reconnecting
                    && a.failure().map(f -> f.reason() == FailureReason.UNREACHABLE).orElse(false)));

            profile.accounts().update(account.record().withServer(server.host(), server.c2sPort()));
            until(list, "the next attempt uses the right port", one(carol, a -> a.state() instanceof ConnectionState.Online));
            assertEquals(server.c2sPort(), account.record().port().orElseThrow());

            // while online a changed setting leaves the connection up; it is used when the account connects again
            profile.accounts().update(account.record().withServer(server.host(), closedPort));
            Await.done(profile.accounts().find(carol).orElseThrow().setActive(true)); // runs after the change
            assertInstanceOf(ConnectionState.Online.class, account.state().get(), "still online");
            Await.done(account.disconnect());
            account.connect();
            until(list, "the wrong port is used now", one(carol, a -> a.state() instanceof ConnectionState.Reconnecting));
            Await.done(account.disconnect());
        }
    }

    @Test
    void removingKeepingTheHistoryLeavesItReadableAndRemovingCompletelyDeletesIt() {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("dora", "dora-pw");
        String bob = server.register("ben", "ben-pw");
        Path dir = temp.resolve("dora");
        ProfileOptions options = options(server, false);
        String queuedKey;
        try (SottoProfile doraProfile = Profiles.create(dir, pp(), pp(), options);
             SottoProfile benProfile = Profiles.inMemory(options)) {
            Account dora = doraProfile.accounts().add(AccountRecord.of(alice).withServer(server.host(), server.c2sPort()), "dora-pw");
            Account ben = benProfile.accounts().add(AccountRecord.of(bob).withServer(server.host(), server.c2sPort()), "ben-pw");
            assertInstanceOf(ConnectionState.Online.class, dora.connect().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join());
            assertInstanceOf(ConnectionState.Online.class, ben.connect().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join());
            Await.done(ben.chats().send(alice, "hello dora"));
            Await.until("dora has ben's message", () -> Await.done(dora.chats().history(bob, Optional.empty(), 10)).size() == 1);
            ChatMessage sent = Await.done(dora.chats().send(bob, "hi ben"));
            Await.until("dora's answer went out", () -> Await.done(dora.chats().history(bob, Optional.empty(), 10)).stream()
                    .anyMatch(m -> m.key().equals(sent.key()) && m.status() != MessageStatus.PENDING));
            Await.done(dora.disconnect());
            queuedKey = Await.done(dora.chats().send(bob, "written offline")).key();

            Await.done(doraProfile.accounts().remove(alice, true));
            List<AccountSummary> listed = until(doraProfile.accounts().accountList(), "kept for its history",
                    one(alice, a -> a.historyOnly() && !a.enabled()));
            assertEquals(1, listed.size());
            Account kept = doraProfile.accounts().find(alice).orElseThrow();
            assertTrue(kept.historyOnly());
            List<ChatMessage> history = Await.done(kept.chats().history(bob, Optional.empty(), 10));
            assertEquals(List.of("hello dora", "hi ben", "written offline"), history.stream().map(ChatMessage::body).toList());
            ChatMessage queued = history.get(2);
            assertEquals(MessageStatus.FAILED, queued.status(), "it will never go out");
            assertEquals(Optional.of(SendFailure.ACCOUNT_REMOVED), queued.failure());
            assertInstanceOf(AccountRemovedException.class, cause(() -> kept.chats().send(bob, "one more").join()));
            assertInstanceOf(AccountRemovedException.class, cause(() -> kept.connect().join()));
            assertThrows(AccountRemovedException.class, () -> doraProfile.accounts().setEnabled(alice, true));
            assertThrows(AccountRemovedException.class, () -> doraProfile.accounts().changePassword(alice, "dora-pw"));
            assertThrows(AccountRemovedException.class, kept::trust, "no OMEMO keys any more");
            assertEquals(3, Await.done(kept.chats().history(bob, Optional.empty(), 10)).size(), "nothing was stored");
            assertEquals(0, Await.done(kept.chats().markRead(bob)), "a local action works (dora's answer read it)");
        }
        try (SottoProfile doraProfile = Profiles.unlock(dir, pp(), options(server, true))) {
            List<AccountSummary> listed = doraProfile.accounts().accountList().get();
            assertEquals(1, listed.size());
            assertTrue(listed.get(0).historyOnly(), "still only history after a restart: " + listed);
            Account kept = doraProfile.accounts().find(alice).orElseThrow();
            assertInstanceOf(ConnectionState.Offline.class, kept.state().get(), "it does not connect when the profile opens");
            List<ChatMessage> history = Await.done(kept.chats().history(bob, Optional.empty(), 10));
            assertEquals(3, history.size());
            assertEquals(Optional.of(SendFailure.ACCOUNT_REMOVED),
                    history.stream().filter(m -> m.key().equals(queuedKey)).findFirst().orElseThrow().failure());
            assertEquals(1, Await.done(kept.chats().search(Optional.empty(), "hello", 10)).size(), "searchable");
            assertEquals(1, Await.done(kept.chats().conversationSummaries()).size());

            // added again with its password: in use again, with its history and a new OMEMO device
            Account back = doraProfile.accounts().add(AccountRecord.of(alice).withServer(server.host(), server.c2sPort()), "dora-pw");
            assertFalse(back.historyOnly());
            assertInstanceOf(ConnectionState.Online.class, back.connect().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join());
            until(doraProfile.accounts().accountList(), "in use again", one(alice, a -> !a.historyOnly() && a.enabled()
                    && a.state() instanceof ConnectionState.Online));
            ChatMessage again = Await.done(back.chats().send(bob, "back again"));
            assertTrue(again.encryption().name().startsWith("E2EE_T") || again.encryption().name().startsWith("E2EE_V"),
                    "encrypted with the new device's keys: " + again.encryption());
            assertEquals(4, Await.done(back.chats().history(bob, Optional.empty(), 10)).size(), "the history is still there");
            assertTrue(back.trust().ownFingerprint().matches("([0-9a-f]{8} ){7}[0-9a-f]{8}"));

            Await.done(doraProfile.accounts().remove(alice));
            until(doraProfile.accounts().accountList(), "gone", List::isEmpty);
            assertTrue(doraProfile.accounts().find(alice).isEmpty());
        }
        try (SottoProfile doraProfile = Profiles.unlock(dir, pp(), options(server, false))) {
            assertEquals(List.of(), doraProfile.accounts().list());
            // the address can be added again: it starts empty, with a new device
            Account again = doraProfile.accounts().add(AccountRecord.of(alice).withServer(server.host(), server.c2sPort()), "dora-pw");
            assertEquals(List.of(), Await.done(again.chats().history(bob, Optional.empty(), 10)));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
