package org.sotto.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.input.KeyCode;
import javafx.scene.shape.Circle;
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

import org.sotto.app.chats.ChatEntry;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.Theme;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.contacts.Availability;
import org.sotto.core.api.contacts.SubscriptionState;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * On a real window, core and Prosody: a new user creates an account on the server (pinning its certificate) and is
 * signed in; adds bob (after an address that is not one), bob accepts in his own profile and the presence dot says
 * he is online; bob's request shows above the chat list and as a banner in his chat, and Accept answers it; the
 * details pane shows bob and renames him.
 */
@ExtendWith(ApplicationExtension.class)
class RegisterAndContactsTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    @TempDir
    static Path dir;

    private Stage stage;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Theme.current().set(Theme.LIGHT);
        window = MainWindow.show(stage, dir.resolve("profile"), ProfileOptions.defaults());
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(window::close);
    }

    private static void until(String what, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting until " + what, e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void registerAddAContactAnswerARequestAndSeeTheirDetails(FxRobot robot) throws Exception {
        ProsodyServer server = PROSODY.server();
        String bob = server.register("bob", "bob-pw");
        String pin = Demo.sha256(server.certificate().certificate());

        robot.clickOn("#passphrase").write("purple monkey dishwasher");
        robot.clickOn("#passphrase-repeated").write("purple monkey dishwasher").type(KeyCode.ENTER);
        until("the sign-in shows", () -> robot.lookup("#account-register").tryQuery().isPresent());

        robot.clickOn("#account-register");
        robot.clickOn("#register-server").write(server.domain());
        robot.clickOn(robot.lookup("#register-advanced").lookup(".title").<Node>query());
        robot.clickOn("#register-host").write(server.host());
        robot.clickOn("#register-port").write(String.valueOf(server.c2sPort()));
        robot.clickOn("#register-fetch");
        until("the certificate is shown", () -> !robot.lookup("#register-certificate").queryLabeled().getText().isEmpty());
        assertEquals(pin, robot.lookup("#register-certificate").queryLabeled().getText());
        robot.clickOn("#register-trust-certificate");
        until("the server's form shows", () -> robot.lookup("#register-username").query().isVisible());
        robot.clickOn("#register-username").write("alice");
        robot.clickOn("#register-password").write("alice-pw");
        robot.clickOn("#register-password-repeated").write("alice-pw");
        Screenshots.save(robot, stage.getScene(), "register-form-light");
        robot.clickOn("#theme-switch");
        Screenshots.save(robot, stage.getScene(), "register-form-dark");
        robot.clickOn("#theme-switch");
        robot.clickOn("#register-submit");
        until("signed in: the chats show", () -> robot.lookup("#conversation-list").tryQuery().isPresent());
        until("online", () -> robot.lookup("#connection-state").queryLabeled().getText()
                .equals(Strings.get("connection.online")));
        String alice = "alice@" + server.domain();
        assertEquals(alice, window.chats().accountProperty().get().jid());

        // an address that is not one: the dialog says so and keeps what was typed
        robot.clickOn("#add-contact");
        robot.clickOn("#add-contact-address").write("bob at localhost");
        robot.clickOn("#add-contact-confirm");
        assertEquals(Strings.get("contacts.error.address", "bob at localhost"),
                robot.lookup("#add-contact-error").queryAs(Label.class).getText());
        assertEquals("bob at localhost", robot.lookup("#add-contact-address").queryTextInputControl().getText());
        Screenshots.save(robot, robot.lookup("#add-contact-error").query().getScene(), "add-contact-light");
        robot.doubleClickOn("#add-contact-address").eraseText(20).write(bob);
        robot.clickOn("#add-contact-name").write("Bob");
        robot.clickOn("#add-contact-groups").write("Friends");
        robot.clickOn("#add-contact-confirm");
        until("the dialog closed", () -> robot.lookup("#add-contact-address").tryQuery().isEmpty());

        try (SottoProfile bobs = Profiles.inMemory(ProfileOptions.defaults().withConnectOnOpen(false))) {
            Account b = bobs.accounts().add(AccountRecord.of(bob).withServer(server.host(), server.c2sPort())
                    .withPinnedCertificate(pin), "bob-pw");
            assertInstanceOf(ConnectionState.Online.class, b.connect().get(30, TimeUnit.SECONDS));
            until("bob gets alice's request", () -> b.contacts().pendingRequests().get().contains(alice));
            b.contacts().approve(alice).get(10, TimeUnit.SECONDS);

            until("alice's device is known to bob", () -> !b.trust().refresh(alice).get().isEmpty());
            b.chats().send(alice, "Hi, it's bob").get(10, TimeUnit.SECONDS);
            until("bob's chat is listed", () -> window.chats().conversations().size() == 1);
            until("the dot says bob is online", () -> dotShows(robot, bob, "presence-available"));
            ListCell<?> cell = cellOf(robot, bob);
            assertTrue(cell.getAccessibleText().contains(Strings.get("contacts.presence.available")),
                    "the presence in words: " + cell.getAccessibleText());

            // bob asks to see alice: an entry above the list, a banner in his chat
            b.contacts().add(alice, Optional.empty(), Set.of()).get(10, TimeUnit.SECONDS);
            until("the request is listed", () -> robot.lookup(".subscription-request").tryQuery().isPresent());
            robot.clickOn(cellOf(robot, bob));
            until("the banner shows in bob's chat", () -> robot.lookup("#subscription-banner").query().isVisible());
            assertEquals(Strings.get("contacts.request.banner", bob),
                    robot.lookup("#subscription-banner").lookup(".label").queryLabeled().getText());
            Screenshots.save(robot, stage.getScene(), "subscription-request-light");
            robot.clickOn("#banner-accept");
            until("bob sees alice", () -> b.contacts().roster().get().stream().anyMatch(c -> c.jid().equals(alice)
                    && (c.subscription() == SubscriptionState.TO || c.subscription() == SubscriptionState.BOTH)));
            until("the banner and the entry go", () -> robot.lookup("#subscription-banner").tryQuery()
                    .map(n -> !n.isVisible()).orElse(true) && robot.lookup(".subscription-request").tryQuery().isEmpty());

            b.contacts().setPresence(Availability.AWAY, Optional.of("at lunch")).get(10, TimeUnit.SECONDS);
            until("the dot says away", () -> dotShows(robot, bob, "presence-away"));
            robot.clickOn("#contact-details-open");
            until("the details show", () -> robot.lookup("#contact-details").tryQuery().isPresent());
            assertEquals("Bob", robot.lookup("#details-title").queryLabeled().getText());
            assertEquals(bob, robot.lookup("#details-address").queryLabeled().getText());
            assertEquals(Strings.get("contacts.details.presenceStatus", Strings.get("contacts.presence.away"), "at lunch"),
                    robot.lookup("#details-presence").queryLabeled().getText());
            assertEquals(Strings.get("contacts.subscription.both"),
                    robot.lookup("#details-subscription").queryLabeled().getText());
            assertEquals("Friends", robot.lookup("#details-groups").queryTextInputControl().getText());
            Screenshots.save(robot, stage.getScene(), "contact-details-light");
            robot.clickOn("#theme-switch");
            Screenshots.save(robot, stage.getScene(), "contact-details-dark");
            robot.clickOn("#add-contact");
            robot.clickOn("#add-contact-address").write("not an address");
            robot.clickOn("#add-contact-confirm");
            Screenshots.save(robot, robot.lookup("#add-contact-error").query().getScene(), "add-contact-dark");
            robot.type(KeyCode.ESCAPE);
            robot.clickOn("#theme-switch");

            robot.doubleClickOn("#details-name").eraseText(10).write("Bobby");
            robot.clickOn("#details-rename");
            until("renamed in the roster", () -> window.chats().contactsProperty().get().contact(bob)
                    .flatMap(c -> c.name()).equals(Optional.of("Bobby")));
            until("the pane follows", () -> robot.lookup("#details-title").queryLabeled().getText().equals("Bobby"));
        }
    }

    private static ListCell<?> cellOf(FxRobot robot, String peer) {
        return robot.lookup("#conversation-list").lookup(".list-cell").queryAll().stream()
                .map(n -> (ListCell<?>) n).filter(c -> c.isVisible() && c.getGraphic() != null // not a spare cell
                        && c.getItem() instanceof ChatEntry entry && entry.peer().equals(peer))
                .findFirst().orElseThrow(() -> new AssertionError("no chat list entry " + peer + " among "
                        + robot.lookup("#conversation-list").lookup(".list-cell").queryAll().stream()
                        .map(n -> (ListCell<?>) n).map(c -> c.getItem() + "/" + c.isVisible() + "/" + c.getGraphic())
                        .toList()));
    }

    /** Whether the entry's dot has this style; false while the list rebuilds its cells (retried by {@code until}). */
    private static boolean dotShows(FxRobot robot, String peer, String style) {
        try {
            return dot(robot, peer).getStyleClass().contains(style);
        } catch (AssertionError | RuntimeException e) {
            return false;
        }
    }

    private static Circle dot(FxRobot robot, String title) {
        return (Circle) robot.from(cellOf(robot, title)).lookup(".presence-dot").query();
    }
}
