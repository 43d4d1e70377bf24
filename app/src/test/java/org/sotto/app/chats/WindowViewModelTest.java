package org.sotto.app.chats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.app.UiThread;
import org.sotto.app.chat.ChatViewModel;
import org.sotto.app.search.GlobalSearchViewModel;
import org.sotto.app.search.SearchViewModel;
import org.sotto.app.switcher.SwitcherViewModel;
import org.sotto.app.ui.Strings;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.HistoryFormat;

/**
 * The window's view models on a profile in memory, offline (sends are stored and wait): several accounts in one list,
 * the quick switcher, search in a chat and opening the chat at a hit.
 */
class WindowViewModelTest {
    private static final String BOB = "bob@example.org";
    private static final String DAVE = "dave@example.org";
    private final SottoProfile profile = Profiles.inMemory(ProfileOptions.defaults().withConnectOnOpen(false));
    private final Account alice = profile.accounts().add(AccountRecord.of("alice@example.org"), "pw");
    private final UiThread ui = new UiThread();

    @AfterEach
    void close() {
        ui.close();
        profile.close();
    }

    @Test
    void theChatsOfEveryAccountInOneListOrOfTheOneChosenAndTheSwitcherFindsThem() throws Exception {
        Account carol = profile.accounts().add(AccountRecord.of("carol@example.net"), "pw");
        alice.chats().send(BOB, "to bob from alice").get();
        alice.chats().send(DAVE, "to dave").get();
        carol.chats().send(BOB, "to bob from carol").get();
        ChatsViewModel chats = ui.get(() -> new ChatsViewModel(profile, ui));
        ui.await("three chats of two accounts", () -> chats.conversations().size() == 3);
        List<String> shown = ui.get(() -> chats.conversations().stream().map(e -> e.accountJid() + " " + e.peer())
                .toList());
        assertEquals(List.of("carol@example.net " + BOB, "alice@example.org " + DAVE, "alice@example.org " + BOB),
                shown, "newest first across the accounts");
        assertEquals(2, (int) ui.get(() -> chats.accounts().size()));

        ui.run(() -> chats.filterProperty().set(carol));
        assertEquals(List.of("carol@example.net " + BOB), ui.get(() -> chats.conversations().stream()
                .map(e -> e.accountJid() + " " + e.peer()).toList()));
        assertEquals(carol, ui.get(() -> chats.accountProperty().get()), "the chosen account is in focus");
        ui.run(() -> chats.filterProperty().set(null));
        ui.await("all again", () -> chats.conversations().size() == 3);

        // the same peer in two accounts: each entry opens its own account's chat
        ChatEntry carolsBob = ui.get(() -> chats.conversations().get(0));
        ChatViewModel opened = ui.get(() -> chats.open(carolsBob.account(), carolsBob.peer()));
        assertEquals("carol@example.net", opened.accountJid());
        assertEquals(carol, ui.get(() -> chats.accountProperty().get()), "the open chat's account is in focus");
        ui.await("its history", () -> opened.messages().size() == 1);
        assertEquals("to bob from carol", ui.get(() -> opened.messages().get(0).body()));
        assertEquals(0, (int) ui.get(chats::indexOfOpen));

        // Ctrl+K: every account's chats, filtered by name or address, the ones starting with the text first
        SwitcherViewModel switcher = ui.get(() -> new SwitcherViewModel(chats));
        assertEquals(3, (int) ui.get(() -> switcher.targets().size()));
        assertTrue(ui.get(switcher::severalAccounts));
        ui.run(() -> switcher.queryProperty().set("DA"));
        assertEquals(List.of(DAVE), ui.get(() -> switcher.targets().stream().map(SwitcherViewModel.Target::jid)
                .toList()));
        ui.run(() -> switcher.queryProperty().set("bob"));
        assertEquals(2, (int) ui.get(() -> switcher.targets().size()), "bob of both accounts");
        ui.run(() -> switcher.queryProperty().set("example.org"));
        assertEquals(3, (int) ui.get(() -> switcher.targets().size()), "by address too");
        ui.run(() -> {
            switcher.move(1);
            switcher.move(1);
            switcher.move(1); // stops at the end
        });
        assertEquals(2, (int) ui.get(() -> switcher.selectedProperty().get()));
        ui.run(() -> switcher.queryProperty().set("dav"));
        assertEquals(0, (int) ui.get(() -> switcher.selectedProperty().get()), "a new text selects the best again");
        ChatViewModel dave = ui.get(() -> switcher.open().orElseThrow());
        assertEquals(DAVE, dave.peer());
        assertEquals("alice@example.org", dave.accountJid());
        assertEquals(dave, ui.get(() -> chats.openChatProperty().get()));
        ui.run(() -> switcher.queryProperty().set("nobody"));
        assertTrue(ui.get(() -> switcher.targets().isEmpty() && switcher.open().isEmpty()));
        ui.run(chats::close);
    }

    @Test
    void searchInEveryChatMergesTheAccountsNewestFirstAndOpensTheHitsChatAndAccount() throws Exception {
        Account carol = profile.accounts().add(AccountRecord.of("carol@example.net"), "pw");
        send(alice, BOB, "an apple from alice to bob");
        send(carol, BOB, "an apple from carol to bob");
        send(alice, DAVE, "an apple for dave");
        send(alice, DAVE, "a pear for dave");
        for (int i = 0; i < 120; i++) { // more than a search shows, spread over both accounts
            send(i % 2 == 0 ? alice : carol, BOB, "plum " + i);
        }
        ChatsViewModel chats = ui.get(() -> new ChatsViewModel(profile, ui));
        ui.await("the chats", () -> chats.conversations().size() == 3);
        GlobalSearchViewModel search = ui.get(chats::searchAllChats);
        assertTrue(ui.get(search::severalAccounts));

        ui.run(() -> search.queryProperty().set("APPLE"));
        ui.await("three hits", () -> search.results().size() == 3);
        assertEquals(List.of("an apple for dave", "an apple from carol to bob", "an apple from alice to bob"),
                ui.get(() -> search.results().stream().map(h -> h.message().body()).toList()), "newest first");
        assertEquals(List.of("alice@example.org", "carol@example.net", "alice@example.org"),
                ui.get(() -> search.results().stream().map(h -> h.account().jid()).toList()));
        assertEquals(0, (int) ui.get(() -> search.selectedProperty().get()), "the newest is selected");
        assertEquals(Strings.get("search.count", 3), ui.get(() -> search.statusProperty().get()));

        ui.run(() -> search.queryProperty().set("plum"));
        ui.await("the newest of both accounts", () -> search.results().size() == SearchViewModel.LIMIT);
        assertEquals("plum 119", ui.get(() -> search.results().get(0).message().body()));
        assertEquals("plum 20", ui.get(() -> search.results().get(SearchViewModel.LIMIT - 1).message().body()),
                "cut at the limit after merging");
        assertEquals(Strings.get("search.many", SearchViewModel.LIMIT), ui.get(() -> search.statusProperty().get()));

        ui.run(() -> search.queryProperty().set("apple from c"));
        ui.await("carol's", () -> search.results().size() == 1);
        ui.run(() -> {
            search.move(-1); // stops at the top
            search.move(5); // and at the end
        });
        assertEquals(0, (int) ui.get(() -> search.selectedProperty().get()));
        GlobalSearchViewModel.Hit hit = ui.get(() -> search.chosen().orElseThrow());
        ChatViewModel opened = ui.get(() -> chats.openAt(hit));
        assertEquals("carol@example.net", opened.accountJid(), "the hit's account's chat");
        assertEquals(BOB, opened.peer());
        ui.await("at the hit", () -> hit.message().key().equals(opened.highlightedProperty().get())
                && opened.loadedProperty().get());
        assertFalse(ui.get(() -> opened.atBottomProperty().get()), "not following the bottom");

        ui.run(() -> search.queryProperty().set("kiwi"));
        ui.await("nothing", () -> search.results().isEmpty()
                && search.statusProperty().get().equals(Strings.get("search.none")));
        assertTrue(ui.get(() -> search.chosen().isEmpty()));
        ui.run(chats::close);
    }

    @Test
    void aChatsHistoryIsExportedAsTextOrJsonAndAFailureIsSaidInWords(@TempDir Path dir) throws Exception {
        send(alice, BOB, "first to bob");
        send(alice, BOB, "second to bob\non two lines");
        send(alice, DAVE, "only for dave");
        ChatsViewModel chats = ui.get(() -> new ChatsViewModel(profile, ui));
        ui.await("the chats", () -> chats.conversations().size() == 2);

        Path text = dir.resolve("bob.txt");
        ui.run(() -> chats.exportHistory(alice, BOB, text, HistoryFormat.TEXT));
        ui.await("written", () -> chats.exportResultProperty().get().equals(Strings.get("chats.export.done", 2, text)));
        List<String> lines = Files.readAllLines(text);
        assertTrue(lines.get(2).endsWith("alice@example.org: first to bob"), lines.get(2));
        assertEquals("    on two lines", lines.get(4));
        assertTrue(lines.stream().noneMatch(line -> line.contains("dave")));

        Path json = dir.resolve("bob.json");
        ui.run(() -> chats.exportHistory(alice, BOB, json, HistoryFormat.JSON));
        ui.await("written", () -> chats.exportResultProperty().get().equals(Strings.get("chats.export.done", 2, json)));
        assertTrue(Files.readString(json).contains("\"body\" : \"second to bob\\non two lines\""),
                Files.readString(json));

        Path nowhere = dir.resolve("no such folder").resolve("bob.txt");
        ui.run(() -> chats.exportHistory(alice, BOB, nowhere, HistoryFormat.TEXT));
        ui.await("refused in words",
                () -> chats.exportResultProperty().get().equals(Strings.get("chats.export.failed", nowhere)));
        ui.run(chats::close);
    }

    /** Sends, then waits a little: the merge orders by time, and two sends may fall in the same millisecond. */
    private static void send(Account from, String to, String body) throws Exception {
        from.chats().send(to, body).get();
        Thread.sleep(2);
    }

    @Test
    void aChatWithoutAPictureShowsTheFirstLetterOfItsName() {
        assertEquals("B", ChatAvatars.initial("bob@example.org"));
        assertEquals("É", ChatAvatars.initial(" émile"));
        assertEquals("😀", ChatAvatars.initial("😀 party"), "a whole code point");
        assertEquals("?", ChatAvatars.initial("  "));
    }

    @Test
    void searchFindsTheNewestFirstAndOpensTheChatAtAHitWithoutFollowingTheBottom() throws Exception {
        for (int i = 0; i < 120; i++) {
            alice.chats().send(BOB, i == 10 ? "the quick brown fox" : "message " + i).get();
        }
        ChatsViewModel chats = ui.get(() -> new ChatsViewModel(profile, ui));
        ui.await("the chat is listed", () -> chats.conversations().size() == 1);
        ChatViewModel chat = ui.get(() -> chats.open(alice, BOB));
        ui.await("the newest page", () -> chat.loadedProperty().get());
        SearchViewModel search = ui.get(() -> chats.searchOpenChat().orElseThrow());

        ui.run(() -> search.queryProperty().set("Quick BRO"));
        ui.await("one hit", () -> search.results().size() == 1);
        ChatMessage fox = ui.get(() -> search.results().get(0));
        assertEquals("the quick brown fox", fox.body());
        assertEquals(Strings.get("search.count", 1), ui.get(() -> search.statusProperty().get()));
        List<int[]> marks = SearchViewModel.highlights(fox.body(), "Quick BRO");
        assertEquals(2, marks.size());
        assertEquals("quick", fox.body().substring(marks.get(0)[0], marks.get(0)[1]));
        assertEquals("bro", fox.body().substring(marks.get(1)[0], marks.get(1)[1]));
        assertTrue(SearchViewModel.highlights("aquifer", "qui").isEmpty(), "only where a word starts");
        assertTrue(SearchViewModel.highlights("quickly", "quick fox").isEmpty(), "only the last word as a prefix");

        ui.run(() -> search.queryProperty().set("message"));
        ui.await("the newest hits", () -> search.results().size() == SearchViewModel.LIMIT);
        assertEquals("message 119", ui.get(() -> search.results().get(0).body()), "newest first");
        ui.run(() -> search.queryProperty().set("nothing like it"));
        ui.await("none", () -> search.results().isEmpty()
                && search.statusProperty().get().equals(Strings.get("search.none")));

        // the hit is far older than the page shown: the chat shows the history around it, highlighted
        assertFalse(ui.get(() -> chat.messages().stream().anyMatch(m -> m.key().equals(fox.key()))));
        ui.run(() -> chat.showMessage(fox.key()));
        ui.await("the hit is highlighted", () -> fox.key().equals(chat.highlightedProperty().get()));
        assertTrue(ui.get(() -> chat.messages().stream().anyMatch(m -> m.key().equals(fox.key()))));
        assertEquals("message 0", ui.get(() -> chat.messages().get(0).body()), "with what came before it");
        assertTrue(ui.get(() -> chat.detachedProperty().get()), "the newest are not shown");
        assertFalse(ui.get(() -> chat.atBottomProperty().get()), "and the view does not follow the bottom");

        // a message written meanwhile waits past the gap; paging down reaches it
        alice.chats().send(BOB, "written while reading old ones").get();
        ui.await("paged down to the newest", () -> {
            chat.loadNewer(); // as the view does each time the end comes into sight; one page at a time
            return !chat.detachedProperty().get();
        });
        ui.await("the new one is there", () -> chat.messages().get(chat.messages().size() - 1).body()
                .equals("written while reading old ones"));
        List<String> bodies = ui.get(() -> chat.messages().stream().map(ChatMessage::body).toList());
        assertEquals("message 0", bodies.get(0));
        assertEquals(121, bodies.size(), "none lost, none twice");
        assertEquals(fox.key(), ui.get(() -> chat.highlightedProperty().get()));

        ui.run(chat::jumpToLatest);
        assertNull(ui.get(() -> chat.highlightedProperty().get()));
        assertTrue(ui.get(() -> chat.atBottomProperty().get()));
        ui.run(chats::close);
    }
}
