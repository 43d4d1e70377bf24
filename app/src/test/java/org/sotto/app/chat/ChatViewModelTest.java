package org.sotto.app.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.sotto.app.UiThread;
import org.sotto.app.chats.ChatsViewModel;
import org.sotto.app.ui.Strings;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.MessageStatus;

/** The chat list and an open chat on a profile in memory, offline: sends queue, pages load, drafts stay. */
class ChatViewModelTest {
    private static final String BOB = "bob@example.org";
    private final SottoProfile profile = Profiles.inMemory(ProfileOptions.defaults().withConnectOnOpen(false));
    private final Account alice = profile.accounts().add(AccountRecord.of("alice@example.org"), "pw");
    private final UiThread ui = new UiThread();

    @AfterEach
    void close() {
        ui.close();
        profile.close();
    }

    @Test
    void aSendWhileOfflineShowsAsPendingInTheChatAndInTheList() {
        ChatsViewModel chats = ui.get(() -> new ChatsViewModel(profile, ui));
        ui.await("the account's state is known", () -> !chats.connectionProperty().get().isEmpty());
        assertEquals(Strings.get("connection.offline"), ui.get(() -> chats.connectionProperty().get()));
        ui.run(() -> {
            chats.newChatProperty().set("not an address");
            assertTrue(chats.startNewChat().isEmpty());
            assertEquals(Strings.get("chats.new.invalid"), chats.newChatErrorProperty().get());
            chats.newChatProperty().set(BOB);
        });
        ChatViewModel chat = ui.get(() -> chats.startNewChat().orElseThrow());
        ui.await("the chat is loaded", () -> chat.loadedProperty().get());
        ui.await("the encryption state is said in words", () -> !chat.encryptionTextProperty().get().isEmpty());
        ui.run(() -> {
            assertTrue(chat.messages().isEmpty());
            chat.composerProperty().set("  hello *bob*  ");
            chat.send();
            assertEquals("", chat.composerProperty().get(), "the composer empties at once");
        });
        ui.await("the queued message shows", () -> chat.messages().size() == 1);
        ChatMessage sent = ui.get(() -> chat.messages().get(0));
        assertEquals("hello *bob*", sent.body());
        assertEquals(MessageStatus.PENDING, sent.status());
        ui.await("the list has the chat", () -> chats.conversations().size() == 1);

        // Up: the last own message comes back into the composer, and the send corrects it
        ui.run(() -> {
            assertTrue(chat.editLast());
            assertEquals("hello *bob*", chat.composerProperty().get());
            chat.cancelEdit();
            assertEquals("", chat.composerProperty().get());
            assertTrue(chat.editLast());
            chat.composerProperty().set("hello _bob_");
            chat.send();
            assertEquals(null, chat.editingProperty().get());
        });
        ui.await("the message is corrected", () -> chat.messages().size() == 1
                && chat.messages().get(0).body().equals("hello _bob_") && chat.messages().get(0).edited());
        assertEquals(BOB, ui.get(() -> chats.conversations().get(0).peer()));
        ui.run(chats::close);
    }

    @Test
    void anAccountThatCannotConnectSaysWhyAndWhenItTriesAgain() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (SottoProfile other = Profiles.inMemory(ProfileOptions.defaults().withConnectOnOpen(false))) {
            other.accounts().add(AccountRecord.of("dave@localhost").withServer("127.0.0.1", closedPort), "pw");
            ChatsViewModel chats = ui.get(() -> new ChatsViewModel(other, ui));
            ui.await("the state is known", () -> chats.connectionStateProperty().get() != null);
            ui.run(chats::connectNow);
            ui.await("it retries", () -> chats.connectionStateProperty().get()
                    instanceof ConnectionState.Reconnecting);
            String text = ui.get(() -> chats.connectionProperty().get());
            assertTrue(text.contains(Strings.get("failure.UNREACHABLE")), text);
            assertTrue(text.contains("Next try in"), text);
            ui.run(chats::close);
        }
    }

    @Test
    void olderPagesArePrependedUntilTheStoreHasNoMoreAndTheDraftSurvivesReopening() throws Exception {
        for (int i = 0; i < 120; i++) {
            alice.chats().send(BOB, "message " + i).get();
        }
        ChatViewModel chat = ui.get(() -> new ChatViewModel(profile, alice, BOB, "Bob", ui));
        ui.run(chat::start);
        ui.await("the newest page shows", () -> chat.loadedProperty().get());
        assertEquals(ChatViewModel.PAGE, (int) ui.get(() -> chat.messages().size()));
        assertEquals("message 119", ui.get(() -> chat.messages().get(ChatViewModel.PAGE - 1).body()));

        ui.run(chat::loadOlder);
        ui.await("the second page is prepended", () -> chat.messages().size() == 2 * ChatViewModel.PAGE);
        ui.await("loading ends", () -> !chat.loadingOlderProperty().get());
        ui.run(chat::loadOlder);
        ui.await("the last page is prepended", () -> chat.messages().size() == 120);
        List<String> bodies = ui.get(() -> chat.messages().stream().map(ChatMessage::body).toList());
        for (int i = 0; i < 120; i++) {
            assertEquals("message " + i, bodies.get(i), "oldest first, none twice, none lost");
        }
        ui.await("loading ends", () -> !chat.loadingOlderProperty().get());
        ui.run(chat::loadOlder); // the store has nothing older and the archive needs the connection
        ui.await("loading ends", () -> !chat.loadingOlderProperty().get());
        assertEquals(120, (int) ui.get(() -> chat.messages().size()));

        ui.run(() -> {
            chat.atBottomProperty().set(false);
            chat.composerProperty().set("half a thought");
            chat.close();
        });
        ChatViewModel again = ui.get(() -> new ChatViewModel(profile, alice, BOB, "Bob", ui));
        ui.run(again::start);
        ui.await("the draft is back", () -> again.composerProperty().get().equals("half a thought"));
        ui.run(again::close);
    }
}
