package org.sotto.app.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import org.sotto.app.FxWait;
import org.sotto.app.Screenshots;
import org.sotto.app.TwoProfilesFxTest;
import org.sotto.app.settings.UserSettings;
import org.sotto.app.ui.Controls;
import org.sotto.app.ui.Emoji;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.Theme;
import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.testkit.ProsodyExtension;

/**
 * Two accounts, each with its chat view open side by side on a real Prosody: what one does to a message (reply,
 * react, delete for everyone) shows at the other; the unread marker; the delivery ticks.
 */
class ChatMessagesViewTest extends TwoProfilesFxTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    private ChatViewModel aliceChat;
    private ChatViewModel bobChat;

    @Test
    void whatOneSideDoesToAMessageShowsAtTheOther(FxRobot robot) throws Exception {
        Account[] pair = twoOnline(PROSODY.server(), "alice", "bob");
        Account a = pair[0];
        Account b = pair[1];
        String alice = a.jid();
        String bob = b.jid();
        a.chats().send(bob, "Are we still on for Friday?").get(10, TimeUnit.SECONDS);
        // bob answers once he has it: two first messages crossing would each start an OMEMO session
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> b.chats().history(alice, Optional.empty(), 10).get()
                .stream().anyMatch(m -> m.body().equals("Are we still on for Friday?")));
        for (String body : List.of("Yes! Shall I bring the *maps*?", "And the tent is packed.",
                "See you at the station")) {
            b.chats().send(alice, body).get(10, TimeUnit.SECONDS);
        }
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> a.chats().history(bob, Optional.empty(), 10).get()
                .stream().anyMatch(m -> m.body().equals("See you at the station")));

        AtomicReference<ChatView[]> views = new AtomicReference<>();
        robot.interact(() -> {
            aliceChat = new ChatViewModel(alices, a, bob, "Bob", UiExecutor.fx());
            bobChat = new ChatViewModel(bobs, b, alice, "Alice", UiExecutor.fx());
            closeOnFx(aliceChat::close);
            closeOnFx(bobChat::close);
            aliceChat.start();
            bobChat.start();
            ChatView left = new ChatView(aliceChat);
            ChatView right = new ChatView(bobChat);
            left.root().setId("alice-side");
            right.root().setId("bob-side");
            HBox both = new HBox(left.root(), right.root());
            HBox.setHgrow(left.root(), Priority.ALWAYS);
            HBox.setHgrow(right.root(), Priority.ALWAYS);
            ((javafx.scene.layout.Region) left.root()).setPrefWidth(650);
            ((javafx.scene.layout.Region) right.root()).setPrefWidth(650);
            Scene scene = new Scene(both, 1300, 720);
            scene.getStylesheets().add(Controls.stylesheet());
            stage.setScene(scene);
            stage.show();
            views.set(new ChatView[] {left, right});
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> aliceChat.loadedProperty().get()
                && bobChat.loadedProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        Parent aliceSide = views.get()[0].root();
        Parent bobSide = views.get()[1].root();

        // the marker sits between the read message and the first unread one
        Node marker = robot.from(aliceSide).lookup("#unread-marker").query();
        assertEquals(Strings.get("chat.unread.marker"), ((Label) marker).getText());
        double markerY = sceneY(marker);
        assertTrue(sceneY(text(robot, aliceSide, "Are we still on for Friday?")) < markerY, "read message above");
        assertTrue(markerY < sceneY(text(robot, aliceSide, "Yes! Shall I bring the *maps*?")), "first unread below");

        // reply with the button that shows on the message under the pointer: the quote bar, then the quote at bob's
        action(robot, aliceSide, "Yes! Shall I bring the *maps*?", ".message-reply", "message.reply");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.from(aliceSide).lookup("#reply-bar").query().isVisible());
        assertEquals(Strings.get("reply.bar", "Bob"),
                robot.from(aliceSide).lookup("#reply-bar-sender").queryLabeled().getText());
        robot.write("Please do, and a compass.").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(!robot.from(aliceSide).lookup("#reply-bar").query().isVisible(), "sent: the bar goes");
        FxWait.until(20, () -> robot.from(bobSide).lookup(".quote-text")
                .queryAll().stream().anyMatch(n -> ((Labeled) n).getText().equals("Yes! Shall I bring the *maps*?")));
        assertTrue(robot.from(bobSide).lookup(".quote-sender").queryAll().stream()
                .anyMatch(n -> ((Labeled) n).getText().equals(Strings.get("chat.you"))), "bob sees his own message quoted");

        // a click on the quote goes to the original and outlines it for a moment
        Node quote = robot.from(aliceSide).lookup(".message-quote").queryAll().stream()
                .filter(n -> n.isVisible() && n.getParent().getStyleClass().contains("bubble")).findFirst().orElseThrow();
        robot.clickOn(quote);
        FxWait.until(5, () -> robot.from(aliceSide).lookup(".bubble-highlighted")
                .queryAll().stream().anyMatch(n -> robot.from(n).lookup(".message-text").queryAll().stream()
                        .anyMatch(t -> "Yes! Shall I bring the *maps*?".equals(t.getAccessibleText()))));

        // the same actions are in the message's context menu, after Copy; edit and delete only on own messages
        FxWait.until(20, () -> textAt(robot, aliceSide, "Please do, and a compass."));
        assertEquals(List.of(Strings.get("message.copy"), Strings.get("message.reply"), Strings.get("message.react"),
                        Strings.get("message.edit"), "", Strings.get("message.retract")),
                menu(robot, text(robot, aliceSide, "Please do, and a compass.")));
        assertEquals(List.of(Strings.get("message.copy"), Strings.get("message.reply"), Strings.get("message.react")),
                menu(robot, text(robot, aliceSide, "And the tent is packed.")));

        // react with the picker; bob sees it counted, and joins in
        action(robot, aliceSide, "See you at the station", ".message-react", "message.react");
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.save(robot, robot.lookup("#emoji-picker").query().getScene(), "chat-emoji-picker");
        robot.clickOn(robot.lookup(".emoji-choice").queryAll().stream()
                .filter(n -> ((Labeled) n).getText().equals("👍")).findFirst().orElseThrow());
        FxWait.until(20, () -> chip(robot, bobSide, "👍 1").isPresent());
        robot.clickOn(chip(robot, bobSide, "👍 1").orElseThrow());
        FxWait.until(20, () -> chip(robot, aliceSide, "👍 2").isPresent());
        assertTrue(((javafx.scene.control.ToggleButton) chip(robot, aliceSide, "👍 2").orElseThrow()).isSelected(),
                "alice's own reaction is marked");

        // a message to delete, confirmed first; bob sees "Message deleted"
        robot.clickOn("#composer").write("Wrong chat, sorry").type(KeyCode.ENTER);
        FxWait.until(20, () -> textAt(robot, bobSide, "Wrong chat, sorry"));
        action(robot, aliceSide, "Wrong chat, sorry", ".message-delete", "message.retract");
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.save(robot, robot.lookup("#confirm-retract").queryButton().getScene(), "chat-delete-question");
        robot.clickOn("#confirm-retract");
        FxWait.until(20, () -> robot.from(bobSide).lookup(".message-retracted")
                .queryAll().stream().anyMatch(n -> ((Labeled) n).getText().equals(Strings.get("message.retracted"))));
        assertTrue(!textAt(robot, bobSide, "Wrong chat, sorry"), "no body left at bob's");

        // bob switches to plaintext: alice's chat is still meant to be encrypted, so the message says it was not
        b.trust().setPlaintext(alice, true);
        b.chats().send(alice, "Sent from the old phone").get(10, TimeUnit.SECONDS);
        FxWait.until(20, () -> robot.from(aliceSide).lookup(".message-plaintext-warning")
                .queryAll().stream().anyMatch(n -> ((Labeled) n).getText().equals(
                        Strings.get("message.plaintext.warning"))));
        assertTrue(robot.from(bobSide).lookup(".message-plaintext-warning").queryAll().isEmpty(),
                "bob chose plaintext: his own messages carry no warning");

        // ticks: alice's messages say how far they got, in words for screen readers
        FxWait.until(20, () -> robot.from(aliceSide).lookup(".message-status")
                .queryAll().stream().anyMatch(n -> Set.of(Strings.get("message.status.DELIVERED"),
                        Strings.get("message.status.DISPLAYED")).contains(n.getAccessibleText())));
        // bob's chat is open at its bottom, so he read them: alice sees it when he lets contacts know (the default)
        if (UserSettings.global().sendReadMarkersProperty().get()) {
            FxWait.until(20, () -> robot.from(aliceSide).lookup(".message-status")
                    .queryAll().stream().anyMatch(n -> Strings.get("message.status.DISPLAYED")
                            .equals(n.getAccessibleText())));
        }
        robot.moveTo(text(robot, aliceSide, "Please do, and a compass."));
        Screenshots.save(robot, stage.getScene(), "chat-messages-light");
        robot.interact(() -> {
            Theme.current().set(Theme.DARK);
            Theme.installCurrent();
        });
        Screenshots.save(robot, stage.getScene(), "chat-messages-dark");
    }

    @Test
    void aChatWithManyUnreadOpensAtTheMarker(FxRobot robot) throws Exception {
        Account[] pair = twoOnline(PROSODY.server(), "erin", "frank");
        Account a = pair[0];
        Account b = pair[1];
        String alice = a.jid();
        String bob = b.jid();
        for (int i = 0; i < 10; i++) {
            a.chats().send(bob, "read " + i).get(10, TimeUnit.SECONDS);
        }
        // frank answers once he has them: first messages crossing would each start an OMEMO session
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> b.chats().history(alice, Optional.empty(), 1).get()
                .stream().anyMatch(m -> m.body().equals("read 9")));
        for (int i = 0; i < 30; i++) {
            b.chats().send(alice, "unread " + i).get(10, TimeUnit.SECONDS);
        }
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> a.chats().history(bob, Optional.empty(), 1).get()
                .stream().anyMatch(m -> m.body().equals("unread 29")));
        AtomicReference<ChatView> view = new AtomicReference<>();
        robot.interact(() -> {
            aliceChat = new ChatViewModel(alices, a, bob, "Frank", UiExecutor.fx());
            closeOnFx(aliceChat::close);
            aliceChat.start();
            view.set(new ChatView(aliceChat));
            Scene scene = new Scene(view.get().root(), 700, 500);
            scene.getStylesheets().add(Controls.stylesheet());
            stage.setScene(scene);
            stage.show();
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> aliceChat.loadedProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitForFxEvents();
        int firstUnread = indexOf(aliceChat, "unread 0");
        AtomicReference<Integer> first = new AtomicReference<>();
        robot.interact(() -> first.set(view.get().flow().getFirstVisibleIndex()));
        assertEquals(firstUnread, first.get(), "opens at the first unread message, not at the bottom");
        assertTrue(robot.lookup("#unread-marker").query().isVisible());
        assertTrue(!aliceChat.atBottomProperty().get());
        assertTrue(robot.lookup("#jump-to-latest").queryButton().isVisible(), "the way down is offered");
        Screenshots.save(robot, stage.getScene(), "chat-opens-at-unread");
    }

    /** Points at the message and clicks one of the buttons that show beside it then, checking its words. */
    private static void action(FxRobot robot, Parent side, String body, String button, String words) {
        Node message = text(robot, side, body);
        robot.moveTo(message);
        WaitForAsyncUtils.waitForFxEvents();
        Node row = message;
        while (!row.getStyleClass().contains("message-row")) {
            row = row.getParent();
        }
        Node found = robot.from(row).lookup(button).query();
        assertTrue(found.isVisible(), "shown while the pointer is on the message");
        assertEquals(Strings.get(words), found.getAccessibleText());
        robot.clickOn(found);
    }

    private static List<String> menu(FxRobot robot, Node text) {
        AtomicReference<List<String>> items = new AtomicReference<>();
        robot.interact(() -> items.set(((SelectableText) text).menu().getItems().stream()
                .map(item -> item.getText() == null ? "" : item.getText()).toList()));
        return items.get();
    }

    private static int indexOf(ChatViewModel chat, String body) {
        List<ChatMessage> list = chat.messages();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).body().equals(body)) {
                return i;
            }
        }
        return -1;
    }

    private static Node text(FxRobot robot, Parent side, String body) {
        return robot.from(side).lookup(".message-text").queryAll().stream()
                .filter(n -> body.equals(n.getAccessibleText())).findFirst()
                .orElseThrow(() -> new AssertionError("no message " + body));
    }

    private static boolean textAt(FxRobot robot, Parent side, String body) {
        return robot.from(side).lookup(".message-text").queryAll().stream()
                .anyMatch(n -> body.equals(n.getAccessibleText()));
    }

    private static Optional<Node> chip(FxRobot robot, Parent side, String text) {
        return robot.from(side).lookup(".reaction-chip").queryAll().stream()
                .filter(n -> (n.getProperties().get(Emoji.SOURCE) + " " + ((Labeled) n).getText()).equals(text)
                        || ((Labeled) n).getText().equals(text)).findFirst(); // with or without the emoji's picture
    }

    private static double sceneY(Node node) {
        Bounds bounds = node.localToScene(node.getBoundsInLocal());
        return bounds.getMinY();
    }
}
