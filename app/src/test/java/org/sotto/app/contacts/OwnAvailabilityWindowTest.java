package org.sotto.app.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.prefs.Preferences;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import org.sotto.app.FxWait;
import org.sotto.app.MainWindow;
import org.sotto.app.Screenshots;
import org.sotto.app.TwoProfilesFxTest;
import org.sotto.app.chat.ChatMessagesViewModelTest;
import org.sotto.app.settings.UserSettings;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.contacts.Availability;
import org.sotto.testkit.ProsodyExtension;

/**
 * The availability chosen under the account's name is what a contact sees, on the real window against a real server;
 * it is kept in the user's settings and shown again from the next start, after core's login announced "available".
 */
class OwnAvailabilityWindowTest extends TwoProfilesFxTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    private final Preferences node = Preferences.userRoot().node("sotto-test-own-availability-" + System.nanoTime());

    @AfterEach
    void forget() throws Exception {
        node.removeNode();
    }

    /** Waits until bob's roster shows alice {@code expected}. */
    private static void bobSees(Account bob, String alice, Availability expected) throws TimeoutException {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> bob.contacts().roster().get().stream()
                .anyMatch(c -> c.jid().equals(alice) && c.availability() == expected));
    }

    private static MenuButton button(FxRobot robot) throws Exception {
        FxWait.until(20, () -> robot.lookup("#own-availability").tryQuery().isPresent());
        return FxWait.read(() -> robot.lookup("#own-availability").queryAs(MenuButton.class));
    }

    /** Opens the menu and picks {@code availability} by its words, as a user does. */
    private static void choose(FxRobot robot, Availability availability) throws Exception {
        robot.clickOn(button(robot));
        String words = ContactsViewModel.presenceText(availability);
        Callable<Optional<Node>> item = () -> robot.lookup(".context-menu .label").queryAll().stream()
                .filter(n -> words.equals(((Label) n).getText())).findFirst();
        FxWait.until(5, () -> item.call().isPresent());
        robot.clickOn(FxWait.read(item).orElseThrow());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theChosenAvailabilityReachesTheContactAndIsShownAgainFromTheNextStart(FxRobot robot) throws Exception {
        Account[] pair = twoOnline(PROSODY.server(), "alice", "bob");
        Account a = pair[0];
        Account b = pair[1];
        String alice = a.jid();
        b.contacts().add(alice, Optional.of("Alice"), Set.of()).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> a.contacts().pendingRequests().get().contains(b.jid()));
        a.contacts().approve(b.jid()).get(10, TimeUnit.SECONDS);
        bobSees(b, alice, Availability.AVAILABLE);

        UserSettings settings = new UserSettings(node);
        AtomicReference<MainWindow> window = new AtomicReference<>();
        robot.interact(() -> window.set(MainWindow.show(stage, alices, settings)));
        MenuButton own = button(robot);
        assertEquals("Available", FxWait.read(own::getText), "the default");

        choose(robot, Availability.AWAY);
        assertEquals(Availability.AWAY, settings.availabilityProperty().get(), "kept in the settings");
        bobSees(b, alice, Availability.AWAY);
        assertEquals("Away", FxWait.read(own::getText));
        assertEquals("Your status: Away. Choose another", FxWait.read(own::getAccessibleText));
        Screenshots.save(robot, stage.getScene(), "own-availability-away-light");

        // the next start: core logs in as "available"; the window then shows the contact what was chosen
        robot.interact(() -> window.get().close());
        bobSees(b, alice, Availability.OFFLINE);
        SottoProfile again = Profiles.inMemory(OPTIONS);
        closeOnFx(again::close);
        ChatMessagesViewModelTest.online(again, PROSODY.server(), alice);
        bobSees(b, alice, Availability.AVAILABLE);
        robot.interact(() -> window.set(MainWindow.show(stage, again, settings)));
        closeOnFx(() -> window.get().close());
        bobSees(b, alice, Availability.AWAY);
        assertEquals("Away", FxWait.read(button(robot)::getText));

        choose(robot, Availability.DO_NOT_DISTURB);
        bobSees(b, alice, Availability.DO_NOT_DISTURB);
        choose(robot, Availability.AVAILABLE);
        bobSees(b, alice, Availability.AVAILABLE);
        assertEquals(Availability.AVAILABLE, settings.availabilityProperty().get());
    }
}
