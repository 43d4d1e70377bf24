package org.sotto.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import org.sotto.app.chats.ChatEntry;
import org.sotto.app.contacts.ContactsViewModel;
import org.sotto.app.ui.Links;
import org.sotto.app.ui.Strings;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.contacts.Availability;
import org.sotto.testkit.DemoServer;

class DemoModeTest {

    @Test
    void demoModeOpensAlicesChatsWithBobEncryptedAndCarolInPlaintextAndStopsTheServerWithTheApp() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        SottoApplication app = (SottoApplication) FxToolkit.setupApplication(SottoApplication.class, "--demo");
        DemoServer demo = app.demo().orElseThrow().server();
        long prosodyPid = demo.server().pid();
        Path dir = demo.server().directory();
        FxRobot robot = new FxRobot();
        try {
            assertTrue(demo.server().isRunning());
            assertEquals("alice@localhost", demo.alice().jid());
            assertTrue(stage.getTitle().contains("alice@localhost"), stage.getTitle());
            List<ChatEntry> chats = app.window().chats().conversations();
            FxWait.until(20, () -> chats.size() == 2);
            ChatEntry carol = chats.stream().filter(c -> c.title().equals("Carol")).findFirst().orElseThrow();
            ChatEntry bob = chats.stream().filter(c -> c.title().equals("Bob")).findFirst().orElseThrow();
            assertEquals(Encryption.PLAINTEXT, carol.encryption());
            assertTrue(bob.encryption().name().startsWith("E2EE_"), bob.encryption().name());
            assertTrue(bob.newest().encryption().name().startsWith("E2EE_"), "bob's messages came encrypted");
            FxWait.until(10, () -> app.window().chats().openChatProperty().get() != null
                    && app.window().chats().openChatProperty().get().messages().size() == 2);
            // the requests were answered before the window opened: no request entry, no banner, bob seen online
            ContactsViewModel contacts = app.window().chats().contactsProperty().get();
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> contacts.contact("bob@localhost")
                    .map(c -> c.availability() != Availability.OFFLINE).orElse(false));
            Thread.sleep(500); // a request read when the account came online would show by now
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(contacts.requests().isEmpty(), contacts.requests().toString());
            assertFalse(robot.lookup("#subscription-banner").tryQuery().map(Node::isVisible)
                    .orElse(false), "no request banner in bob's chat");
            List<String> opened = new CopyOnWriteArrayList<>();
            Links.install(opened::add); // instead of the browser
            WaitForAsyncUtils.waitForFxEvents();
            robot.clickOn(robot.lookup(".styling-link").<javafx.scene.Node>query());
            WaitForAsyncUtils.waitForFxEvents();
            Screenshots.save(robot, robot.lookup(Strings.get("link.open")).queryButton().getScene(),
                    "demo-link-question");
            robot.clickOn(Strings.get("link.open"));
            assertEquals(List.of("https://xmpp.org/extensions/xep-0384.html"), opened, "opened after the question");

            robot.clickOn("#composer").write("Hello Bob").type(javafx.scene.input.KeyCode.ENTER);
            List<ChatMessage> messages = app.window().chats().openChatProperty().get().messages();
            FxWait.until(20, () -> messages.size() == 4
                    && messages.get(3).direction() == Direction.INCOMING);
            assertTrue(messages.get(3).body().startsWith("You wrote 9 characters"), messages.get(3).body());
            assertEquals("bob@localhost", app.window().chats().openChatProperty().get().peer(), "opens on bob's chat");
            Screenshots.save(robot, stage.getScene(), "demo-chat-bob");
            assertEquals(List.of(Strings.get("chat.day.today")),
                    robot.lookup(".day-separator").queryAllAs(javafx.scene.control.Label.class).stream()
                            .map(javafx.scene.control.Label::getText).toList(), "one day, one separator");

            robot.clickOn("Carol");
            FxWait.until(10, () -> robot.lookup("#plaintext-banner").queryLabeled().isVisible());
            Screenshots.save(robot, stage.getScene(), "demo-chat-carol-plaintext");
        } finally {
            FxToolkit.cleanupApplication(app); // what closing the window does: Application.stop()
        }
        assertFalse(ProcessHandle.of(prosodyPid).map(ProcessHandle::isAlive).orElse(false), "prosody still runs");
        assertFalse(Files.exists(dir), "the demo server's files are left behind");
    }
}
