package org.sotto.app.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javafx.scene.Scene;
import javafx.scene.control.Button;

import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import org.sotto.app.DemoAccess;
import org.sotto.app.FxWait;
import org.sotto.app.Screenshots;
import org.sotto.app.ui.Controls;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.Theme;
import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * The history list on a real window: stuck to the bottom, older pages prepended without moving what the user reads,
 * "jump to latest (N new)" while reading further up; and a send that cannot be encrypted says why.
 */
@ExtendWith(ApplicationExtension.class)
class ChatViewTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    private static final ProfileOptions OPTIONS = ProfileOptions.defaults().withConnectOnOpen(false);

    private Stage stage;
    private SottoProfile alices;
    private SottoProfile bobs;
    private ChatViewModel model;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Theme.choice().set(Theme.Choice.LIGHT);
        Theme.installCurrent();
    }

    @AfterEach
    void close(FxRobot robot) {
        if (model != null) {
            robot.interact(model::close);
        }
        if (alices != null) {
            alices.close();
        }
        if (bobs != null) {
            bobs.close();
        }
    }

    private static Account online(SottoProfile profile, ProsodyServer server, String jid, String password)
            throws Exception {
        Account account = profile.accounts().add(AccountRecord.of(jid).withServer(server.host(), server.c2sPort())
                .withPinnedCertificate(DemoAccess.sha256(server)), password);
        assertInstanceOf(ConnectionState.Online.class, account.connect().get(30, TimeUnit.SECONDS));
        return account;
    }

    private ChatView show(FxRobot robot, Account account, String peer) {
        AtomicReference<ChatView> view = new AtomicReference<>();
        robot.interact(() -> {
            model = new ChatViewModel(alices, account, peer, peer, UiExecutor.fx());
            model.start();
            view.set(new ChatView(model));
            Scene scene = new Scene(view.get().root(), 700, 500);
            scene.getStylesheets().add(Controls.stylesheet());
            stage.setScene(scene);
            stage.show();
        });
        return view.get();
    }

    @Test
    void historyStaysAtTheBottomKeepsThePlaceWhenOlderPagesComeAndCountsWhatArrivesMeanwhile(FxRobot robot)
            throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "pw");
        String bob = server.register("bob", "pw");
        alices = Profiles.inMemory(OPTIONS);
        bobs = Profiles.inMemory(OPTIONS);
        Account a = online(alices, server, alice, "pw");
        Account b = online(bobs, server, bob, "pw");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !b.trust().refresh(alice).get().isEmpty());
        int count = 80;
        for (int i = 0; i < count; i++) {
            b.chats().send(alice, "message " + i + (i % 7 == 0 ? "\nwith a second line" : "")).get(10, TimeUnit.SECONDS);
        }
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> a.chats().history(bob, Optional.empty(), 1)
                .get().stream().anyMatch(m -> m.body().equals("message " + (count - 1))));
        a.chats().markRead(bob).get(10, TimeUnit.SECONDS); // read: the chat opens at the bottom, not at the marker

        ChatView view = show(robot, a, bob);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.loadedProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(ChatViewModel.PAGE, model.messages().size(), "the newest page");
        assertEquals(ChatViewModel.PAGE - 1, lastVisible(robot, view), "opens at the newest message");
        assertTrue(model.atBottomProperty().get());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.encryptionProperty().get().name().startsWith("E2EE_"));
        assertTrue(!robot.lookup("#plaintext-banner").queryLabeled().isVisible());

        // scroll to the top: the older page comes, and the message at the top stays where it was
        ChatMessage top = model.messages().get(0);
        robot.interact(() -> view.flow().showAsFirst(0));
        FxWait.until(10, () -> model.messages().size() == count);
        WaitForAsyncUtils.waitForFxEvents();
        int first = firstVisible(robot, view);
        assertEquals(top.key(), model.messages().get(first).key(), "the reading position holds after prepending: first "
                + first + ", the former top is at " + model.messages().indexOf(top));
        assertTrue(!model.atBottomProperty().get());

        b.chats().send(alice, "a new one while alice reads old ones").get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.unseenProperty().get() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        Button jump = robot.lookup("#jump-to-latest").queryButton();
        assertTrue(jump.isVisible());
        assertEquals(Strings.get("chat.jump.new", 1), jump.getText());
        assertEquals(top.key(), model.messages().get(firstVisible(robot, view)).key(), "a new message moves nothing");
        Screenshots.save(robot, stage.getScene(), "chat-jump-to-latest");

        robot.clickOn(jump);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(model.messages().size() - 1, lastVisible(robot, view), "back at the newest message");
        assertTrue(model.atBottomProperty().get());
        assertEquals(0, model.unseenProperty().get());

        b.chats().send(alice, "and one at the bottom").get(10, TimeUnit.SECONDS);
        FxWait.until(10, () -> model.messages().size() == count + 2);
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(count + 1, lastVisible(robot, view), "at the bottom, a new message scrolls into sight");
    }

    @Test
    void aSendThatCannotBeEncryptedSaysWhyAndGoesInPlaintextOnlyWhenChosen(FxRobot robot) throws Exception {
        ProsodyServer server = PROSODY.server();
        String carol = server.register("carol", "pw");
        String nobody = "nobody@" + server.domain(); // no account, so no OMEMO devices
        alices = Profiles.inMemory(OPTIONS);
        Account c = online(alices, server, carol, "pw");
        show(robot, c, nobody);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.loadedProperty().get());
        robot.clickOn("#composer").write("hello?").type(javafx.scene.input.KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !model.sendErrorProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#send-error").queryLabeled().isVisible());
        assertTrue(!robot.lookup("#plaintext-banner").queryLabeled().isVisible(),
                "plaintext was not chosen: no plaintext banner, the send was blocked instead");
        assertEquals(Strings.get("encryption.composer.unknown"), model.encryptionTextProperty().get());

        // plaintext only as the user's explicit choice, after a question that says who can read it
        robot.clickOn("#send-plaintext");
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.save(robot, robot.lookup("#confirm-plaintext").queryButton().getScene(), "chat-plaintext-question");
        robot.clickOn("#confirm-plaintext");
        FxWait.until(20, () -> model.messages().stream().anyMatch(m ->
                m.body().equals("hello?") && m.encryption() == Encryption.PLAINTEXT));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.plaintextProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#plaintext-banner").queryLabeled().isVisible(), "now the chat is plaintext");
        assertEquals("", model.sendErrorProperty().get());
        // the address has no account: the server bounces the message, and the message says so
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.failures().containsValue(
                Strings.get("send.failure.RECIPIENT_UNREACHABLE")));
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.save(robot, stage.getScene(), "chat-plaintext-chosen");
        robot.clickOn("#use-encryption");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !model.plaintextProperty().get());
        Screenshots.save(robot, stage.getScene(), "chat-send-blocked");
        assertTrue(model.messages().stream().noneMatch(m -> m.encryption() == Encryption.PLAINTEXT
                && m.status() != MessageStatus.PENDING
                && m.status() != MessageStatus.FAILED), "never sent in plaintext");
    }

    private static int firstVisible(FxRobot robot, ChatView view) {
        AtomicReference<Integer> index = new AtomicReference<>();
        robot.interact(() -> index.set(view.flow().getFirstVisibleIndex()));
        return index.get();
    }

    private static int lastVisible(FxRobot robot, ChatView view) {
        AtomicReference<Integer> index = new AtomicReference<>();
        robot.interact(() -> index.set(view.flow().getLastVisibleIndex()));
        return index.get();
    }
}
