package org.sotto.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javafx.util.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import org.sotto.app.chat.ChatViewModel;
import org.sotto.app.settings.UserSettings;
import org.sotto.app.trust.KeyChangeWarningsAccess;
import org.sotto.app.ui.Theme;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.event.IdentityKeyChanged;

/**
 * The lock and the settings page on the real window (a profile on disk, its account's server unreachable): Ctrl+L
 * shows the lock screen and no text of the chat is left in the scene graph; a wrong passphrase is refused, the right
 * one brings the chat back; the settings page lists the account; screenshots light and dark.
 */
@ExtendWith(ApplicationExtension.class)
class LockAndSettingsWindowTest {
    private static final ProfileOptions OPTIONS = ProfileOptions.defaults().withConnectOnOpen(false);
    private static final String PASSPHRASE = "purple monkey dishwasher";
    private static final String ALICE = "alice@example.invalid";
    private static final String BOB = "bob@example.invalid";
    private static final String SECRET = "the secret plan for tuesday";
    @TempDir
    static Path dir;

    private Stage stage;
    private MainWindow window;
    private UserSettings settings;
    private final Preferences node = Preferences.userRoot().node("sotto-test-lock-window-" + System.nanoTime());

    @BeforeAll
    static void createProfile() {
        try (SottoProfile profile = Profiles.create(dir.resolve("profile"), PASSPHRASE.toCharArray(),
                PASSPHRASE.toCharArray(), OPTIONS)) {
            profile.accounts().add(AccountRecord.of(ALICE).withServer("127.0.0.1", 1), "pw");
        }
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Theme.choice().set(Theme.Choice.LIGHT);
        settings = new UserSettings(node);
        window = MainWindow.show(stage, dir.resolve("profile"), OPTIONS, settings);
    }

    @AfterEach
    void close(FxRobot robot) throws Exception {
        robot.interact(() -> Theme.choice().set(Theme.Choice.LIGHT));
        robot.interact(window::close);
        node.removeNode();
    }

    /** Every text the scene graph holds: labels, text nodes, fields. */
    private static List<String> texts(Parent root) {
        List<String> found = new ArrayList<>();
        List<Node> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            Node node = todo.remove(todo.size() - 1);
            if (node instanceof Labeled labeled) {
                found.add(labeled.getText());
            } else if (node instanceof Text text) {
                found.add(text.getText());
            } else if (node instanceof TextInputControl input) {
                found.add(input.getText());
            }
            if (node instanceof Parent parent) {
                todo.addAll(parent.getChildrenUnmodifiable());
            }
        }
        return found;
    }

    private boolean sceneShows(String text) {
        return texts(stage.getScene().getRoot()).stream().anyMatch(t -> t != null && t.contains(text));
    }

    /**
     * Clicks {@code query}'s node once the window's scene holds it and the JavaFX thread has run what was queued, the
     * node found on that thread: a view that had just been replaced (the pointer takes a while to get there) left
     * TestFX a node without a scene.
     */
    private void click(FxRobot robot, String query) throws Exception {
        FxWait.until(30, () -> robot.lookup(query).tryQuery().map(n -> n.getScene() == stage.getScene()).orElse(false));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(FxWait.read(() -> robot.lookup(query).<Node>query()));
    }

    @Test
    void ctrlLLocksAndLeavesNothingOfTheChatAndTheSettingsPageShows(FxRobot robot) throws Exception {
        robot.clickOn("#passphrase").write(PASSPHRASE).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.chats() != null);
        robot.interact(() -> {
            ChatViewModel chat = window.chats().open(ALICE, BOB).orElseThrow();
            chat.composerProperty().set(SECRET);
            chat.send();
        });
        FxWait.until(20, () -> sceneShows(SECRET));
        KeyChangeWarningsAccess.record(new IdentityKeyChanged(ALICE, BOB, 7, "1".repeat(64), "2".repeat(64)));
        assertEquals(1, KeyChangeWarningsAccess.of(ALICE, BOB).size());

        robot.press(KeyCode.CONTROL).press(KeyCode.L).release(KeyCode.L).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(window.isLocked());
        assertTrue(robot.lookup("#lock-view").tryQuery().isPresent(), "the lock screen shows");
        assertFalse(sceneShows(SECRET), "the message is gone from the scene graph");
        assertFalse(sceneShows(BOB), "no chat names");
        assertFalse(sceneShows(ALICE), "no account");
        assertEquals(MainWindow.TITLE, stage.getTitle());
        assertTrue(KeyChangeWarningsAccess.of(ALICE, BOB).isEmpty(), "the key-change warnings are forgotten");
        Screenshots.save(robot, stage.getScene(), "lock-light");

        robot.clickOn("#lock-passphrase").write("not my passphrase").type(KeyCode.ENTER);
        FxWait.until(30, () -> !robot.lookup("#lock-error").queryLabeled().getText().isEmpty());
        assertEquals("Wrong passphrase. Try again.", robot.lookup("#lock-error").queryLabeled().getText());
        assertTrue(window.isLocked());
        robot.interact(() -> Theme.choice().set(Theme.Choice.DARK));
        Screenshots.save(robot, stage.getScene(), "lock-dark");

        robot.write(PASSPHRASE).type(KeyCode.ENTER); // the wrong one is selected: typing replaces it
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !window.isLocked());
        FxWait.until(20, () -> sceneShows(SECRET));
        assertEquals(BOB, window.chats().openChatProperty().get().peer(), "the chat that was open opens again");
        Screenshots.save(robot, stage.getScene(), "unlocked-dark");

        click(robot, "#open-settings");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#settings-view").tryQuery().isPresent());
        FxWait.until(10, () -> sceneShows(ALICE));
        CheckBox share = robot.lookup(".settings-automatic-trust").queryAs(CheckBox.class);
        assertFalse(share.isSelected(), "XEP-0450 is off by default");
        robot.clickOn(share);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, share::isSelected); // once stored
        CheckBox blind = robot.lookup(".settings-blind-trust").queryAs(CheckBox.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, blind::isSelected); // on by default, once read
        robot.clickOn(blind);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !blind.isSelected());
        assertFalse(window.profile().orElseThrow().accounts().find(ALICE).orElseThrow().trust().defaultBlindTrust(),
                "stored in the profile");
        Screenshots.save(robot, stage.getScene(), "settings-dark");
        robot.interact(() -> robot.lookup("#settings-scroll").queryAs(ScrollPane.class).setVvalue(1));
        Screenshots.save(robot, stage.getScene(), "settings-end-dark");
        robot.interact(() -> Theme.choice().set(Theme.Choice.LIGHT));
        Screenshots.save(robot, stage.getScene(), "settings-end-light");
        robot.interact(() -> robot.lookup("#settings-scroll").queryAs(ScrollPane.class).setVvalue(0));
        Screenshots.save(robot, stage.getScene(), "settings-light");
        robot.clickOn("#settings-back");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#settings-view").tryQuery().isEmpty());
        assertTrue(sceneShows(SECRET), "back to the chat");
    }

    @Test
    void anotherAccountIsAddedFromTheSettingsAndCancelGoesBackToTheChats(FxRobot robot) throws Exception {
        robot.clickOn("#passphrase").write(PASSPHRASE).type(KeyCode.ENTER);
        click(robot, "#open-settings");
        click(robot, "#settings-add-account");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#account-jid").tryQuery().isPresent(), "the sign-in for another account");
        assertTrue(robot.lookup("#settings-view").tryQuery().isEmpty());
        Screenshots.save(robot, stage.getScene(), "account-another-light");
        click(robot, "#account-cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#account-jid").tryQuery().isEmpty());
        assertTrue(robot.lookup("#open-settings").tryQuery().isPresent(), "back to the chats");

        // a second account that cannot connect yet is kept, with the reason in words, and shows in the settings
        click(robot, "#open-settings");
        click(robot, "#settings-add-account");
        robot.clickOn("#account-jid").write("carol@example.invalid");
        robot.clickOn("#account-password").write("pw").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.profile().orElseThrow().accounts().list().size() == 2);
        // the attempt ends with its reason in words (example.invalid has no server); the sign-in stays open
        FxWait.until(60, () -> robot.lookup("#account-error").tryQuery()
                .map(n -> n.isVisible() && !((Labeled) n).getText().isEmpty()).orElse(false));
        assertTrue(robot.lookup("#account-jid").tryQuery().isPresent());
    }

    @Test
    void theWindowLocksItselfAfterTheIdleTimeAndInputPostponesIt(FxRobot robot) throws Exception {
        robot.clickOn("#passphrase").write(PASSPHRASE).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.chats() != null);
        assertEquals(0, settings.autoLockMinutesProperty().get(), "off by default");
        // one "minute" of the setting lasts 2 s here; the setting is the one the settings page writes
        robot.interact(() -> {
            window.setIdleMinute(Duration.seconds(2));
            settings.autoLockMinutesProperty().set(1);
        });
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < until) { // keys all along: never idle for 2 s
            robot.type(KeyCode.SHIFT);
            Thread.sleep(200);
            assertFalse(window.isLocked(), "input keeps it open");
        }
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> window.isLocked());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#lock-view").tryQuery().isPresent(), "idle: the lock screen shows");
        assertFalse(sceneShows(ALICE), "no account");

        robot.clickOn("#lock-passphrase").write(PASSPHRASE).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !window.isLocked());
        robot.interact(() -> settings.autoLockMinutesProperty().set(0));
        Thread.sleep(3_000);
        assertFalse(window.isLocked(), "off: no lock however long it is idle");
    }
}
