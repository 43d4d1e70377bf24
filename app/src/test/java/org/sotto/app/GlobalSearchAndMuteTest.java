package org.sotto.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.prefs.Preferences;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.text.Text;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import org.sotto.app.chat.ChatViewModel;
import org.sotto.app.chats.ChatEntry;
import org.sotto.app.search.GlobalSearchViewModel;
import org.sotto.app.settings.UserSettings;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.Theme;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * Ctrl+Shift+F over every chat, and muting a chat from the list and from its header, on a real window and server.
 */
@ExtendWith(ApplicationExtension.class)
class GlobalSearchAndMuteTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    private static final ProfileOptions OPTIONS = ProfileOptions.defaults().withConnectOnOpen(false);

    private Stage stage;
    private MainWindow window;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final Preferences node = Preferences.userRoot().node("sotto-test-global-search-" + System.nanoTime());
    private final UserSettings settings = new UserSettings(node);

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Theme.choice().set(Theme.Choice.LIGHT);
    }

    @AfterEach
    void close(FxRobot robot) throws Exception {
        robot.interact(() -> Theme.choice().set(Theme.Choice.LIGHT));
        if (window != null) {
            robot.interact(window::close);
        }
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        node.removeNode();
    }

    private SottoProfile profile() {
        SottoProfile profile = Profiles.inMemory(OPTIONS);
        closing.add(profile);
        return profile;
    }

    private static Account online(SottoProfile profile, ProsodyServer server, String jid) throws Exception {
        Account account = profile.accounts().add(AccountRecord.of(jid).withServer(server.host(), server.c2sPort())
                .withPinnedCertificate(DemoAccess.sha256(server)), "pw");
        assertInstanceOf(ConnectionState.Online.class, account.connect().get(30, TimeUnit.SECONDS));
        return account;
    }

    private ChatViewModel open() {
        return window.chats().openChatProperty().get();
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting until " + what, e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void screenshots(FxRobot robot, String name) {
        Screenshots.save(robot, stage.getScene(), name + "-light");
        robot.interact(() -> Theme.current().set(Theme.DARK));
        Screenshots.save(robot, stage.getScene(), name + "-dark");
        robot.interact(() -> Theme.current().set(Theme.LIGHT));
    }

    private ChatEntry entry(String peer) {
        return window.chats().conversations().stream().filter(e -> e.peer().equals(peer)).findFirst().orElseThrow();
    }

    private static Node cellOf(FxRobot robot, String peer) {
        return robot.lookup(".list-cell").match((Node n) -> n instanceof ListCell<?> cell
                && cell.getItem() instanceof ChatEntry e && e.peer().equals(peer)).query();
    }

    @Test
    void searchInEveryChatOpensTheChatAtTheHitAndAChatIsMutedFromTheListAndItsHeader(FxRobot robot)
            throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "pw");
        String bob = server.register("bob", "pw");
        String carol = server.register("carol", "pw");
        SottoProfile alices = Profiles.inMemory(OPTIONS); // the window closes it
        Account a = online(alices, server, alice);
        Account b = online(profile(), server, bob);
        Account c = online(profile(), server, carol);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !b.trust().refresh(alice).get().isEmpty()
                && !c.trust().refresh(alice).get().isEmpty());
        int count = 70;
        for (int i = 0; i < count; i++) {
            b.chats().send(alice, i == 3 ? "the quick brown fox jumps" : "message " + i).get(10, TimeUnit.SECONDS);
        }
        c.chats().send(alice, "a quick question about dinner").get(10, TimeUnit.SECONDS);
        c.chats().send(alice, "nothing to find here").get(10, TimeUnit.SECONDS);
        await("alice has them all", () -> a.chats().unreadCounts().get().total() == count + 2);

        robot.interact(() -> window = MainWindow.show(stage, alices, settings));
        await("both chats listed", () -> window.chats().conversations().size() == 2);
        assertEquals(null, open());

        // Ctrl+Shift+F: every chat's hits, newest first, the chat named, the words marked
        robot.clickOn("#chat-placeholder");
        robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.F);
        await("the search shows", () -> window.chatsView().globalSearch().isPresent());
        robot.write("quick");
        @SuppressWarnings("unchecked")
        ListView<GlobalSearchViewModel.Hit> hits = robot.lookup("#global-search-results").queryAs(ListView.class);
        await("two hits", () -> hits.getItems().size() == 2);
        assertEquals(carol, hits.getItems().get(0).message().peer(), "carol's is the newest");
        assertEquals(bob, hits.getItems().get(1).message().peer());
        assertEquals(Strings.get("search.count", 2), robot.lookup("#global-search-status").queryLabeled().getText());
        assertEquals(0, hits.getSelectionModel().getSelectedIndex(), "the newest is selected");
        List<String> marked = robot.lookup(".search-hit").queryAllAs(Text.class).stream().map(Text::getText).toList();
        assertEquals(List.of("quick", "quick"), marked, "the word is marked in both");
        assertTrue(robot.lookup(".switcher-name").queryAllAs(Labeled.class).stream()
                .anyMatch(l -> l.getText().equals(bob)), "the hit names its chat");
        robot.write(" bro");
        await("one hit", () -> hits.getItems().size() == 1);
        robot.eraseText(4);
        await("two hits again", () -> hits.getItems().size() == 2);
        screenshots(robot, "global-search");

        // Down, Enter: bob's chat opens at the hit, 66 messages back, highlighted, and stays there
        robot.type(KeyCode.DOWN);
        await("the second is selected", () -> hits.getSelectionModel().getSelectedIndex() == 1);
        String fox = hits.getItems().get(1).message().key();
        robot.type(KeyCode.ENTER);
        await("bob's chat shows the hit", () -> window.chatsView().globalSearch().isEmpty() && open() != null
                && open().peer().equals(bob) && fox.equals(open().highlightedProperty().get()));
        ChatViewModel chat = open();
        Thread.sleep(500); // anything that would scroll back to the bottom has happened by now
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(chat.atBottomProperty().get(), "it stays at the hit");
        Node highlighted = robot.lookup(".message-highlighted").query();
        Node history = robot.lookup("#history").query();
        AtomicReference<Boolean> inSight = new AtomicReference<>();
        robot.interact(() -> {
            Bounds cell = highlighted.localToScene(highlighted.getBoundsInLocal());
            Bounds view = history.localToScene(history.getBoundsInLocal());
            inSight.set(cell.getMinY() >= view.getMinY() - 1 && cell.getMaxY() <= view.getMaxY() + 1);
        });
        assertTrue(inSight.get(), "the highlighted message is in sight");
        screenshots(robot, "global-search-hit");

        // Esc closes without opening anything
        robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.F);
        await("the search shows", () -> window.chatsView().globalSearch().isPresent());
        robot.write("dinner");
        @SuppressWarnings("unchecked")
        ListView<GlobalSearchViewModel.Hit> again = robot.lookup("#global-search-results").queryAs(ListView.class);
        await("carol's hit", () -> again.getItems().size() == 1);
        robot.type(KeyCode.ESCAPE);
        await("Esc closes it", () -> window.chatsView().globalSearch().isEmpty());
        assertEquals(bob, open().peer(), "nothing else opened");

        // mute carol's chat from its entry's context menu: the icon with its words, the entry says it
        ListView<?> list = robot.lookup("#conversation-list").queryAs(ListView.class);
        // (a right click: Monocle turns no mouse button into a context-menu request, so the test sends it)
        Node carolsCell = cellOf(robot, carol);
        robot.interact(() -> {
            Bounds at = carolsCell.localToScreen(carolsCell.getBoundsInLocal());
            carolsCell.fireEvent(new ContextMenuEvent(ContextMenuEvent.CONTEXT_MENU_REQUESTED, 20, 20,
                    at.getMinX() + 20, at.getMinY() + 20, false, null));
        });
        robot.clickOn(Strings.get("chats.mute"));
        await("carol's chat is muted", () -> entry(carol).muted() && c.chats() != null
                && a.chats().conversationList().get().stream().anyMatch(s -> s.peer().equals(carol) && s.muted()));
        Node muted = robot.lookup(".conversation-muted").query();
        assertEquals(Strings.get("chats.muted"), muted.getAccessibleText());
        await("the entry says it", () -> cellOf(robot, carol).getAccessibleText().contains(Strings.get("chats.muted")));
        assertEquals(bob, open().peer(), "the menu opened no chat");
        assertFalse(entry(bob).muted());
        screenshots(robot, "chat-muted");

        // the header's bell of bob's chat mutes it, and says so; again unmutes
        Button bell = robot.lookup("#chat-mute-toggle").queryButton();
        assertEquals(Strings.get("chats.mute"), bell.getAccessibleText());
        robot.clickOn(bell);
        await("bob's chat is muted", () -> entry(bob).muted());
        await("the bell says how to unmute", () -> Strings.get("chats.unmute").equals(bell.getAccessibleText()));
        robot.clickOn(bell);
        await("bob's chat is unmuted", () -> !entry(bob).muted()
                && Strings.get("chats.mute").equals(bell.getAccessibleText()));

        // Shift+F10 on the list: the selected entry's menu, from the keyboard
        robot.clickOn(cellOf(robot, carol));
        await("carol's chat opens", () -> open().peer().equals(carol));
        robot.push(KeyCode.SHIFT, KeyCode.F10);
        robot.clickOn(Strings.get("chats.unmute"));
        await("carol's chat is unmuted", () -> !entry(carol).muted());
        assertTrue(robot.lookup(".conversation-muted").queryAll().isEmpty(), "no muted icon left");
        assertTrue(list.isVisible());

        // do not disturb from the sidebar
        Button dnd = robot.lookup("#do-not-disturb").queryButton();
        assertEquals(Strings.get("dnd.turnOn"), dnd.getAccessibleText());
        robot.clickOn(dnd);
        assertTrue(settings.doNotDisturbProperty().get(), "the setting the notifications read");
        assertEquals(Strings.get("dnd.turnOff"), dnd.getAccessibleText());
        robot.clickOn(dnd);
        assertFalse(settings.doNotDisturbProperty().get());
    }
}
