package org.sotto.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;

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

import org.sotto.app.ui.Strings;
import org.sotto.app.ui.Theme;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.TypingState;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * A new user's first minutes on a real window, a real core and a real Prosody: create the profile, sign in (pinning
 * the server's certificate after seeing its fingerprint), receive an encrypted message from bob and answer it.
 */
@ExtendWith(ApplicationExtension.class)
class SignInAndChatTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    @TempDir
    static Path dir;

    private Stage stage;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Theme.choice().set(Theme.Choice.LIGHT);
        window = MainWindow.show(stage, dir.resolve("profile"), ProfileOptions.defaults());
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(window::close); // as Application.stop() does it, on the JavaFX thread
    }

    @Test
    void createProfileSignInPinTheCertificateReceiveAndAnswer(FxRobot robot) throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "alice-pw");
        String bob = server.register("bob", "bob-pw");
        String pin = Demo.sha256(server.certificate().certificate());

        robot.clickOn("#passphrase").write("purple monkey dishwasher");
        robot.clickOn("#passphrase-repeated").write("purple monkey dishwasher").type(KeyCode.ENTER);
        FxWait.until(30, () -> robot.lookup("#account-jid").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents(); // the lookup runs off the JavaFX thread while the screen is swapped

        robot.clickOn("#account-jid").write(alice);
        robot.clickOn("#account-password").write("alice-pw");
        robot.clickOn(robot.lookup("#account-advanced").lookup(".title").<javafx.scene.Node>query());
        robot.clickOn("#account-host").write(server.host());
        robot.clickOn("#account-port").write(String.valueOf(server.c2sPort()));
        robot.clickOn("#account-sign-in");
        FxWait.until(30, () -> !robot.lookup("#account-certificate").queryLabeled()
                .getText().isEmpty());
        assertEquals(pin, robot.lookup("#account-certificate").queryLabeled().getText(), "the fingerprint shown");
        assertEquals(Strings.get("failure.UNTRUSTED_CERTIFICATE"),
                robot.lookup("#account-error").queryAs(Label.class).getText());
        Screenshots.save(robot, stage.getScene(), "sign-in-certificate-light");
        robot.clickOn("#account-trust-certificate");
        FxWait.until(30, () -> robot.lookup("#conversation-list").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        FxWait.until(10, () -> robot.lookup("#connection-state").queryLabeled()
                .getText().equals(Strings.get("connection.online")));
        Screenshots.save(robot, stage.getScene(), "chats-empty-light");

        try (SottoProfile bobs = Profiles.inMemory(ProfileOptions.defaults().withConnectOnOpen(false))) {
            Account b = bobs.accounts().add(AccountRecord.of(bob).withServer(server.host(), server.c2sPort())
                    .withPinnedCertificate(pin), "bob-pw");
            assertInstanceOf(ConnectionState.Online.class, b.connect().get(30, TimeUnit.SECONDS));
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !b.trust().refresh(alice).get().isEmpty());
            b.chats().send(alice, "Hello *Alice*, this is bob.").get(10, TimeUnit.SECONDS);

            FxWait.until(20, () -> window.chats().conversations().size() == 1);
            WaitForAsyncUtils.waitForFxEvents();
            robot.clickOn(bob);
            FxWait.until(10, () -> window.chats().openChatProperty().get() != null
                    && window.chats().openChatProperty().get().messages().size() == 1);
            ChatMessage received = window.chats().openChatProperty().get().messages().get(0);
            assertTrue(received.encryption().name().startsWith("E2EE_"), "encrypted: " + received.encryption());
            assertEquals("Hello *Alice*, this is bob.", received.body());

            b.chats().sendTyping(alice, TypingState.COMPOSING).get(10, TimeUnit.SECONDS);
            FxWait.until(10, () -> robot.lookup("#typing").queryLabeled().getText()
                    .equals(Strings.get("chat.typing", bob)));
            b.chats().sendTyping(alice, TypingState.PAUSED).get(10, TimeUnit.SECONDS);
            FxWait.until(10, () -> robot.lookup("#typing").queryLabeled().getText()
                    .isEmpty());
            robot.clickOn("#composer").write("Hi bob");
            robot.press(KeyCode.SHIFT).type(KeyCode.ENTER).release(KeyCode.SHIFT);
            robot.write("second line").type(KeyCode.ENTER);
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> b.chats().history(alice, Optional.empty(), 10)
                    .get().stream().anyMatch(m -> m.direction() == Direction.INCOMING));
            List<ChatMessage> bobsView = b.chats().history(alice, Optional.empty(), 10).get();
            ChatMessage answer = bobsView.get(bobsView.size() - 1);
            assertEquals("Hi bob\nsecond line", answer.body(), "Shift+Enter is a new line, Enter sends");
            assertTrue(answer.encryption().name().startsWith("E2EE_"), "encrypted: " + answer.encryption());
            assertEquals("", robot.lookup("#composer").queryTextInputControl().getText());

            // Up in the empty composer brings the last message back; Enter sends the correction
            robot.clickOn("#composer").type(KeyCode.UP);
            assertEquals("Hi bob\nsecond line", robot.lookup("#composer").queryTextInputControl().getText());
            robot.write("!").type(KeyCode.ENTER);
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> b.chats().history(alice, Optional.empty(), 10)
                    .get().stream().anyMatch(m -> m.edited() && m.body().equals("Hi bob\nsecond line!")));
            Screenshots.save(robot, stage.getScene(), "chat-light");
            robot.clickOn("#theme-switch");
            Screenshots.save(robot, stage.getScene(), "chat-dark");
            robot.clickOn("#theme-switch");
        }
    }
}
