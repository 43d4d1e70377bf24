package org.sotto.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import javafx.geometry.Bounds;

import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;

import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import org.sotto.app.chat.ChatViewModel;
import org.sotto.app.chats.ChatEntry;
import org.sotto.app.switcher.SwitcherViewModel;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.Theme;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * The main window's comfort on a real window and a real server: the unread count in the title, Alt+Up/Down, the quick
 * switcher, search opening the chat at a hit, the offline banner while the server is away, and the open chat kept
 * across a restart.
 */
@ExtendWith(ApplicationExtension.class)
class WindowTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    private static final ProfileOptions OPTIONS = ProfileOptions.defaults().withConnectOnOpen(false);
    private static final String PASSPHRASE = "purple monkey dishwasher";

    @TempDir
    Path dir;
    private Stage stage;
    private MainWindow window;
    private final List<AutoCloseable> closing = new ArrayList<>();

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
    }

    private SottoProfile profile() {
        SottoProfile profile = Profiles.inMemory(OPTIONS);
        closing.add(profile);
        return profile;
    }

    /** A profile the window will own: {@link MainWindow#close()} closes it. */
    private static SottoProfile windowsProfile() {
        return Profiles.inMemory(OPTIONS);
    }

    private static Account online(SottoProfile profile, ProsodyServer server, String jid) throws Exception {
        Account account = profile.accounts().add(AccountRecord.of(jid).withServer(server.host(), server.c2sPort())
                .withPinnedCertificate(DemoAccess.sha256(server)), "pw");
        assertInstanceOf(ConnectionState.Online.class, account.connect().get(30, TimeUnit.SECONDS));
        return account;
    }

    private void show(FxRobot robot, SottoProfile profile) {
        robot.interact(() -> window = MainWindow.show(stage, profile));
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

    @Test
    void unreadInTheTitleAltDownTheSwitcherAndSearchOpeningTheChatAtAHit(FxRobot robot) throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "pw");
        String bob = server.register("bob", "pw");
        String carol = server.register("carol", "pw");
        SottoProfile alices = windowsProfile();
        Account a = online(alices, server, alice);
        Account b = online(profile(), server, bob);
        Account c = online(profile(), server, carol);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !b.trust().refresh(alice).get().isEmpty()
                && !c.trust().refresh(alice).get().isEmpty());
        int count = 70;
        for (int i = 0; i < count; i++) {
            b.chats().send(alice, i == 3 ? "the quick brown fox jumps" : "message " + i).get(10, TimeUnit.SECONDS);
        }
        c.chats().send(alice, "hello from carol").get(10, TimeUnit.SECONDS);
        await("alice has them all, unread", () -> a.chats().unreadCounts().get().total() == count + 1);

        show(robot, alices);
        await("the title counts the unread", () -> stage.getTitle().equals("Sotto (" + (count + 1) + ") — " + alice));
        assertEquals(null, open());

        // Alt+Down: the first chat with unread messages from the top, then the other one
        List<String> order = window.chats().conversations().stream().map(e -> e.peer()).toList();
        assertEquals(2, order.size());
        int unreadOfFirst = order.get(0).equals(bob) ? count : 1;
        robot.clickOn("#chat-placeholder"); // the window has the keyboard
        robot.push(KeyCode.ALT, KeyCode.DOWN);
        await("the top chat opens", () -> open() != null && open().peer().equals(order.get(0)));
        await("read, so the title counts the other's", () -> stage.getTitle().equals(
                "Sotto (" + (count + 1 - unreadOfFirst) + ") — " + alice));
        robot.push(KeyCode.ALT, KeyCode.DOWN);
        await("the other chat opens", () -> open() != null && open().peer().equals(order.get(1)));
        await("all read", () -> stage.getTitle().equals("Sotto — " + alice));
        // no other chat has unread messages: Alt+Up stays
        String now = open().peer();
        robot.push(KeyCode.ALT, KeyCode.UP);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(now, open().peer(), "no other chat has unread messages");

        // Ctrl+K: type, Enter opens; Esc closes
        robot.push(KeyCode.CONTROL, KeyCode.K);
        await("the switcher shows", () -> window.chatsView().switcher().isPresent());
        robot.write("car");
        @SuppressWarnings("unchecked")
        ListView<SwitcherViewModel.Target> targets = robot.lookup("#switcher-list").queryAs(ListView.class);
        await("carol only", () -> targets.getItems().size() == 1 && targets.getItems().get(0).jid().equals(carol));
        assertEquals(0, targets.getSelectionModel().getSelectedIndex(), "the best match is selected");
        screenshots(robot, "switcher");
        robot.type(KeyCode.ENTER);
        await("carol's chat opens", () -> open().peer().equals(carol) && window.chatsView().switcher().isEmpty());
        robot.push(KeyCode.CONTROL, KeyCode.K);
        await("the switcher shows", () -> window.chatsView().switcher().isPresent());
        robot.type(KeyCode.ESCAPE);
        await("Esc closes it", () -> window.chatsView().switcher().isEmpty());
        assertEquals(carol, open().peer());

        // Ctrl+F in bob's chat: the hit is older than the page shown; choosing it shows it there, highlighted
        robot.push(KeyCode.CONTROL, KeyCode.K);
        robot.write("bob").type(KeyCode.ENTER);
        await("bob's chat, its newest page", () -> open().peer().equals(bob) && open().loadedProperty().get());
        ChatViewModel chat = open();
        assertTrue(chat.messages().stream().noneMatch(m -> m.body().startsWith("the quick")), "not in the page shown");
        robot.push(KeyCode.CONTROL, KeyCode.F);
        await("the search bar shows", () -> window.chatsView().search().isPresent());
        robot.write("quick bro");
        @SuppressWarnings("unchecked")
        ListView<ChatMessage> hits = robot.lookup("#search-results").queryAs(ListView.class);
        await("one hit", () -> hits.getItems().size() == 1 && hits.isVisible());
        assertEquals(Strings.get("search.count", 1), robot.lookup("#search-status").queryLabeled().getText());
        assertEquals(2, robot.lookup(".search-hit").queryAll().size(), "both words marked");
        screenshots(robot, "search");
        ChatMessage fox = hits.getItems().get(0);
        robot.type(KeyCode.ENTER);
        await("the chat shows the hit", () -> fox.key().equals(chat.highlightedProperty().get()));
        Thread.sleep(500); // anything that would scroll back to the bottom has happened by now
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(hits.isVisible(), "the hits make room for the chat");
        assertFalse(chat.atBottomProperty().get(), "it stays at the hit");
        Node marked = robot.lookup(".message-highlighted").query();
        Node history = robot.lookup("#history").query();
        AtomicReference<Boolean> inSight = new AtomicReference<>();
        robot.interact(() -> {
            Bounds cell = marked.localToScene(marked.getBoundsInLocal());
            Bounds view = history.localToScene(history.getBoundsInLocal());
            inSight.set(cell.getMinY() >= view.getMinY() - 1 && cell.getMaxY() <= view.getMaxY() + 1);
        });
        assertTrue(inSight.get(), "the highlighted message is in sight");
        screenshots(robot, "search-hit");
        robot.clickOn("#search-field").type(KeyCode.ESCAPE);
        await("Esc closes the search", () -> window.chatsView().search().isEmpty());
    }

    @Test
    void theOfflineBannerShowsWhileTheServerIsAwayAndAMessageWrittenMeanwhileLeavesWhenItIsBack(FxRobot robot)
            throws Exception {
        ProsodyServer server = ProsodyServer.start();
        closing.add(server);
        String alice = server.register("alice", "pw");
        String bob = server.register("bob", "pw");
        SottoProfile alices = windowsProfile();
        Account a = online(alices, server, alice);
        Account b = online(profile(), server, bob);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !b.trust().refresh(alice).get().isEmpty()
                && !a.trust().refresh(bob).get().isEmpty());
        b.chats().send(alice, "are you there?").get(10, TimeUnit.SECONDS);
        await("alice has it", () -> a.chats().conversationList().get().size() == 1);
        show(robot, alices);
        robot.interact(() -> window.chats().open(a, bob));
        await("the chat shows", () -> open() != null && open().loadedProperty().get());
        assertFalse(robot.lookup("#offline-banner").query().isVisible(), "online: no banner");

        server.stop();
        await("the banner shows", () -> robot.lookup("#offline-banner").query().isVisible());
        String words = robot.lookup("#offline-banner-text").queryLabeled().getText();
        assertTrue(words.startsWith(Strings.get("connection.offline")) || words.equals(Strings.get("connection.connecting")),
                words);
        robot.clickOn("#composer").write("written while the server was away").type(KeyCode.ENTER);
        await("it waits as pending", () -> open().messages().stream().anyMatch(m -> m.body().startsWith("written while")
                && m.status() == MessageStatus.PENDING));
        await("the countdown", () -> robot.lookup("#offline-banner-text").queryLabeled().getText().contains("Next try in"));
        screenshots(robot, "offline-banner");
        // the own availability's words stay whole beside a long connection state, which wraps instead
        assertEquals(FxWait.read(() -> robot.lookup("#own-availability").queryAs(MenuButton.class).getText()),
                FxWait.read(() -> robot.lookup("#own-availability .text").queryAs(Text.class).getText()), "not cut short");

        server.restart();
        // the countdown may reach its try first, on a loaded machine: then the banner is gone and there is no button
        robot.interact(() -> {
            Button tryNow = robot.lookup("#offline-try-now").queryButton();
            if (tryNow.isVisible() && robot.lookup("#offline-banner").query().isVisible()) {
                tryNow.fire();
            }
        });
        await("online again: the banner goes", () -> !robot.lookup("#offline-banner").query().isVisible());
        await("the message left", () -> open().messages().stream().anyMatch(m -> m.body().startsWith("written while")
                && m.status() != MessageStatus.PENDING));
        await("bob has it", () -> b.chats().history(alice, Optional.empty(), 5).get().stream()
                .anyMatch(m -> m.body().equals("written while the server was away")));
    }

    @Test
    void theChatsOfSeveralAccountsShowTogetherOrThoseOfTheOneChosen(FxRobot robot) throws Exception {
        SottoProfile profile = windowsProfile();
        Account alice = profile.accounts().add(AccountRecord.of("alice@example.org"), "pw");
        Account carol = profile.accounts().add(AccountRecord.of("carol@example.net"), "pw");
        alice.chats().send("bob@example.org", "from alice's account").get();
        carol.chats().send("bob@example.org", "from carol's account").get();
        carol.chats().send("dave@example.net", "hello dave").get();
        show(robot, profile);
        await("three chats of two accounts", () -> window.chats().conversations().size() == 3);
        assertEquals("Sotto", stage.getTitle(), "no single account to name, nothing unread");
        @SuppressWarnings("unchecked")
        ComboBox<Account> filter = robot.lookup("#account-filter")
                .queryAs(ComboBox.class);
        assertTrue(filter.isVisible());
        assertEquals(3, filter.getItems().size(), "all, and each account");
        screenshots(robot, "accounts-all");
        robot.interact(() -> filter.setValue(carol));
        await("carol's chats only", () -> window.chats().conversations().size() == 2
                && window.chats().conversations().stream().allMatch(e -> e.account() == carol));
        // the cell showing carol's chat with bob (a list refresh may leave other cells, unused, in the scene)
        robot.clickOn(robot.lookup("#conversation-list").lookup(".list-cell").queryAll().stream()
                .filter(n -> n instanceof ListCell<?> cell && cell.isVisible()
                        && cell.getItem() instanceof ChatEntry entry && entry.account() == carol
                        && entry.peer().equals("bob@example.org"))
                .findFirst().orElseThrow(() -> new AssertionError("no cell for carol's chat with bob")));
        await("carol's chat with bob opens", () -> open() != null && open().accountJid().equals("carol@example.net")
                && open().peer().equals("bob@example.org") && open().messages().size() == 1);
        assertEquals("from carol's account", open().messages().get(0).body());
        assertEquals("carol@example.net", robot.lookup("#account-name").queryLabeled().getText());
        screenshots(robot, "accounts-one");
    }

    @Test
    void theOpenChatOpensAgainInANewWindowOnTheSameProfile(FxRobot robot) throws Exception {
        Path profileDir = dir.resolve("profile");
        try (SottoProfile profile = Profiles.create(profileDir, PASSPHRASE.toCharArray(), PASSPHRASE.toCharArray(),
                OPTIONS)) {
            Account alice = profile.accounts().add(AccountRecord.of("alice@example.org"), "pw");
            alice.chats().send("bob@example.org", "hello bob").get();
            alice.chats().send("dave@example.org", "hello dave").get();
        }
        try {
            robot.interact(() -> {
                window = MainWindow.show(stage, profileDir, OPTIONS);
                window.rememberOpenChat();
            });
            robot.write(PASSPHRASE).type(KeyCode.ENTER);
            await("the chats show", () -> window.chats() != null && window.chats().conversations().size() == 2);
            assertEquals(null, open(), "nothing kept yet");
            robot.interact(() -> window.chats().open("alice@example.org", "bob@example.org"));
            robot.interact(window::close);
            window = null;

            AtomicReference<MainWindow> again = new AtomicReference<>();
            robot.interact(() -> {
                stage.hide();
                again.set(MainWindow.show(stage, profileDir, OPTIONS));
                again.get().rememberOpenChat();
            });
            window = again.get();
            robot.write(PASSPHRASE).type(KeyCode.ENTER);
            await("bob's chat is open again", () -> window.chats() != null && open() != null
                    && open().peer().equals("bob@example.org") && open().accountJid().equals("alice@example.org"));
            await("and shows", () -> robot.lookup("#chat-title").tryQuery().isPresent()
                    && robot.lookup("#chat-title").queryLabeled().getText().equals("bob@example.org"));
            await("selected in the list", () -> window.chatsView().chatView() != null);
        } finally {
            MainWindow.openChatNode(profileDir).removeNode();
        }
    }
}
