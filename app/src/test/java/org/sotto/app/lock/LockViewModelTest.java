package org.sotto.app.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.app.DemoAccess;
import org.sotto.app.UiThread;
import org.sotto.app.chat.ChatViewModel;
import org.sotto.app.chats.ChatsViewModel;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * The lock as the window does it, on a profile on disk and a real Prosody: locking drops the chats' view models and
 * what they held, the profile stays open and a message arriving meanwhile is stored; a wrong passphrase is refused
 * and the right one brings the chats back with that message.
 */
class LockViewModelTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    private static final ProfileOptions OPTIONS = ProfileOptions.defaults().withConnectOnOpen(false);

    @TempDir
    Path dir;
    private final UiThread ui = new UiThread();
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private SottoProfile alices;
    private SottoProfile bobs;

    @AfterEach
    void close() {
        ui.close();
        background.shutdownNow();
        if (alices != null) {
            alices.close();
        }
        if (bobs != null) {
            bobs.close();
        }
    }

    private static Account online(SottoProfile profile, ProsodyServer server, String jid) throws Exception {
        Account account = profile.accounts().add(AccountRecord.of(jid).withServer(server.host(), server.c2sPort())
                .withPinnedCertificate(DemoAccess.sha256(server)), "pw");
        assertTrue(account.connect().get(30, TimeUnit.SECONDS) instanceof ConnectionState.Online);
        return account;
    }

    @Test
    void lockedNothingIsHeldMessagesStillArriveAndOnlyThePassphraseUnlocks() throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "pw");
        String bob = server.register("bob", "pw");
        alices = Profiles.create(dir.resolve("profile"), "correct horse battery".toCharArray(),
                "correct horse battery".toCharArray(), OPTIONS);
        bobs = Profiles.inMemory(OPTIONS);
        Account a = online(alices, server, alice);
        Account b = online(bobs, server, bob);
        b.trust().setPlaintext(alice, true);
        b.chats().send(alice, "before the lock").get(10, TimeUnit.SECONDS);

        ChatsViewModel chats = ui.get(() -> new ChatsViewModel(alices, ui));
        ui.await("the chat is listed", () -> chats.conversations().size() == 1);
        ChatViewModel chat = ui.get(() -> chats.open(a, bob));
        ui.await("the message shows", () -> chat.messages().stream()
                .anyMatch(m -> m.body().equals("before the lock")));

        // lock: the window closes the chats' view model
        ui.run(chats::close);
        assertTrue(ui.get(() -> chat.messages().isEmpty()), "the chat holds no message");
        assertTrue(ui.get(() -> chats.conversations().isEmpty()), "the list holds no chat");
        assertEquals(null, ui.get(() -> chats.openChatProperty().get()));

        b.chats().send(alice, "while locked").get(10, TimeUnit.SECONDS);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (a.chats().history(bob, Optional.empty(), 10).get(10, TimeUnit.SECONDS).stream()
                .noneMatch(m -> m.body().equals("while locked"))) {
            assertTrue(System.nanoTime() < until, "the message reaches the store while locked");
            Thread.sleep(50);
        }

        AtomicInteger unlocked = new AtomicInteger();
        LockViewModel lock = ui.get(() -> new LockViewModel(alices, background, ui, unlocked::incrementAndGet));
        ui.run(lock::unlock);
        assertEquals("Type your passphrase.", ui.get(() -> lock.errorProperty().get()));
        ui.run(() -> {
            lock.passphraseProperty().set("correct horse");
            lock.unlock();
        });
        assertTrue(ui.get(() -> lock.busyProperty().get()), "busy while the key is derived");
        ui.await("the wrong passphrase is refused", () -> !lock.busyProperty().get());
        assertEquals("Wrong passphrase. Try again.", ui.get(() -> lock.errorProperty().get()));
        assertEquals(0, unlocked.get());
        assertTrue(a.state().get() instanceof ConnectionState.Online, "the account stayed online");

        ui.run(() -> {
            lock.passphraseProperty().set("correct horse battery");
            lock.unlock();
        });
        ui.await("the right passphrase unlocks", () -> unlocked.get() == 1);
        assertEquals("", ui.get(() -> lock.passphraseProperty().get()), "the passphrase is not kept");
        assertFalse(ui.get(() -> lock.busyProperty().get()));

        // unlocked: the window builds the chats again, with what arrived meanwhile
        ChatsViewModel again = ui.get(() -> new ChatsViewModel(alices, ui));
        ChatViewModel reopened = ui.get(() -> again.open(a, bob));
        ui.await("the message that arrived while locked shows", () -> reopened.messages().stream()
                .anyMatch(m -> m.body().equals("while locked")));
        ui.run(again::close);
    }
}
