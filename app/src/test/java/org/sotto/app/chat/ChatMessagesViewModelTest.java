package org.sotto.app.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.sotto.app.DemoAccess;
import org.sotto.app.UiThread;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/** Replies, reactions, deletion and the unread marker of an open chat, between two accounts on a real Prosody. */
public class ChatMessagesViewModelTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    private static final ProfileOptions OPTIONS = ProfileOptions.defaults().withConnectOnOpen(false);

    private final UiThread ui = new UiThread();
    private SottoProfile alices;
    private SottoProfile bobs;

    @AfterEach
    void close() {
        ui.close();
        if (alices != null) {
            alices.close();
        }
        if (bobs != null) {
            bobs.close();
        }
    }

    public static Account online(SottoProfile profile, ProsodyServer server, String jid) throws Exception {
        Account account = profile.accounts().add(AccountRecord.of(jid).withServer(server.host(), server.c2sPort())
                .withPinnedCertificate(DemoAccess.sha256(server)), "pw");
        assertInstanceOf(ConnectionState.Online.class, account.connect().get(30, TimeUnit.SECONDS));
        return account;
    }

    /** Each side knows the other's OMEMO device, so what they send is encrypted. */
    public static void devicesKnown(Account account, String peer) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (account.trust().refresh(peer).get(20, TimeUnit.SECONDS).isEmpty()) {
            assertTrue(System.nanoTime() < until, "the devices of " + peer + " are published");
            Thread.sleep(100);
        }
    }

    private static Optional<ChatMessage> stored(Account account, String peer, String body) throws Exception {
        return account.chats().history(peer, Optional.empty(), 200).get(10, TimeUnit.SECONDS).stream()
                .filter(m -> m.body().equals(body)).findFirst();
    }

    private static ChatMessage waitFor(Account account, String peer, String body) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            Optional<ChatMessage> found = stored(account, peer, body);
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("never arrived: " + body);
    }

    @Test
    void repliesReactionsAndDeletionReachThePeerAndTheMarkerSitsAboveTheFirstUnread() throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "pw");
        String bob = server.register("bob", "pw");
        alices = Profiles.inMemory(OPTIONS);
        bobs = Profiles.inMemory(OPTIONS);
        Account a = online(alices, server, alice);
        Account b = online(bobs, server, bob);
        devicesKnown(a, bob);
        devicesKnown(b, alice);

        a.chats().send(bob, "hello bob").get(10, TimeUnit.SECONDS);
        waitFor(b, alice, "hello bob");
        // more unread than a page: the marker needs the page before the newest, and nothing is marked read first
        int unread = ChatViewModel.PAGE + 5;
        for (int i = 0; i < unread; i++) {
            b.chats().send(alice, "unread " + i).get(10, TimeUnit.SECONDS);
        }
        ChatMessage firstUnread = waitFor(a, bob, "unread 0");
        waitFor(a, bob, "unread " + (unread - 1));

        ChatViewModel chat = ui.get(() -> new ChatViewModel(alices, a, bob, "Bob", ui));
        ui.run(chat::start);
        ui.await("the chat is loaded", () -> chat.loadedProperty().get());
        assertEquals(firstUnread.key(), ui.get(() -> chat.firstUnreadProperty().get()),
                "the marker goes above the first unread message, a page further up");
        assertEquals("hello bob", ui.get(() -> chat.messages().get(0).body()), "the read message above it is shown too");
        ui.await("opening marks them read", () -> chat.messages().stream().noneMatch(ChatMessage::unread));

        // reply: the quote bar, Esc, then the reply that bob's side links to the original
        ChatMessage original = ui.get(() -> chat.messages().stream()
                .filter(m -> m.body().equals("unread 3")).findFirst().orElseThrow());
        ui.run(() -> {
            chat.startReply(original);
            assertEquals(original, chat.replyingToProperty().get());
            assertTrue(chat.cancelReply());
            assertNull(chat.replyingToProperty().get());
            chat.startReply(original);
            chat.composerProperty().set("answering 3");
            chat.send();
            assertNull(chat.replyingToProperty().get(), "the reply is sent, the bar goes");
        });
        ChatMessage replyAtBob = waitFor(b, alice, "answering 3");
        ChatMessage originalAtBob = stored(b, alice, "unread 3").orElseThrow();
        assertEquals(originalAtBob.referenceId(), replyAtBob.replyToId(), "bob's side knows what it answers");
        ChatMessage reply = ui.get(() -> chat.messages().stream()
                .filter(m -> m.body().equals("answering 3")).findFirst().orElseThrow());
        assertEquals(Optional.of(original.key()), ui.get(() -> chat.original(reply.replyToId().orElseThrow())
                .map(ChatMessage::key)), "the quote finds the original among the shown messages");

        // react, and react the same again to take it back
        ui.run(() -> chat.toggleReaction(original, "👍"));
        ui.await("the reaction shows", () -> current(chat, original).reactions().equals(Map.of(alice, Set.of("👍"))));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!stored(b, alice, "unread 3").orElseThrow().reactions().equals(Map.of(alice, Set.of("👍")))) {
            assertTrue(System.nanoTime() < until, "the reaction reaches bob");
            Thread.sleep(50);
        }
        b.chats().react(stored(b, alice, "unread 3").orElseThrow(), Set.of("👍")).get(10, TimeUnit.SECONDS);
        ui.await("bob's reaction counts too", () -> ChatViewModel.reactionCounts(current(chat, original))
                .equals(Map.of("👍", 2)));
        assertEquals(Set.of("👍"), ui.get(() -> chat.ownReactions(current(chat, original))));
        ui.run(() -> chat.toggleReaction(current(chat, original), "👍"));
        ui.await("alice's is taken back, bob's stays", () -> current(chat, original).reactions()
                .equals(Map.of(bob, Set.of("👍"))));

        // delete for everyone: only own messages, and bob's side shows it deleted
        assertFalse(ui.get(() -> chat.canRetract(original)), "bob's message is not alice's to delete");
        assertTrue(ui.get(() -> chat.canRetract(reply)));
        ui.run(() -> chat.retract(reply));
        ui.await("deleted here", () -> current(chat, reply).retracted());
        until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!b.chats().history(alice, Optional.empty(), 200).get().stream()
                .anyMatch(m -> m.key().equals(replyAtBob.key()) && m.retracted())) {
            assertTrue(System.nanoTime() < until, "the deletion reaches bob");
            Thread.sleep(50);
        }
        assertFalse(ui.get(() -> chat.canReply(current(chat, reply))), "a deleted message cannot be answered");
        ui.run(chat::close);
    }

    @Test
    void aQuotedMessageFurtherUpIsPagedInAndAChatWithoutUnreadHasNoMarker() throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("carol", "pw");
        String bob = server.register("dave", "pw");
        alices = Profiles.inMemory(OPTIONS);
        bobs = Profiles.inMemory(OPTIONS);
        Account a = online(alices, server, alice);
        Account b = online(bobs, server, bob);
        devicesKnown(a, bob);
        devicesKnown(b, alice);
        ChatMessage first = a.chats().send(bob, "the very first").get(10, TimeUnit.SECONDS);
        ChatMessage sent = waitFor(a, bob, "the very first");
        for (int i = 0; i < 2 * ChatViewModel.PAGE; i++) {
            a.chats().send(bob, "filler " + i).get(10, TimeUnit.SECONDS);
        }
        a.chats().reply(sent, "about the first").get(10, TimeUnit.SECONDS);
        waitFor(a, bob, "about the first");

        ChatViewModel chat = ui.get(() -> new ChatViewModel(alices, a, bob, "Dave", ui));
        ui.run(chat::start);
        ui.await("the chat is loaded", () -> chat.loadedProperty().get());
        assertNull(ui.get(() -> chat.firstUnreadProperty().get()), "nothing unread, no marker");
        ChatMessage reply = ui.get(() -> chat.messages().get(chat.messages().size() - 1));
        assertEquals("about the first", reply.body());
        assertTrue(ui.get(() -> chat.original(reply.replyToId().orElseThrow()).isEmpty()), "not shown yet");
        ui.run(() -> chat.showOriginal(reply));
        ui.await("the original is paged in and asked to be scrolled to",
                () -> first.key().equals(chat.scrollTargetProperty().get()));
        List<ChatMessage> shown = ui.get(() -> List.copyOf(chat.messages()));
        assertEquals("the very first", shown.get(0).body());
        assertEquals(2 * ChatViewModel.PAGE + 2, shown.size(), "contiguous: nothing between was skipped");
        assertTrue(shown.stream().allMatch(m -> m.direction() == Direction.OUTGOING));
        ui.run(chat::close);
    }

    private static ChatMessage current(ChatViewModel chat, ChatMessage message) {
        return chat.messages().stream().filter(m -> m.key().equals(message.key())).findFirst().orElseThrow();
    }
}
