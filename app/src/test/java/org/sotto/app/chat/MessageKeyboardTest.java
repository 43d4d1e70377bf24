package org.sotto.app.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.stage.Window;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import org.sotto.app.FxWait;
import org.sotto.app.Screenshots;
import org.sotto.app.TwoProfilesFxTest;
import org.sotto.app.ui.Controls;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.testkit.ProsodyExtension;

/**
 * From the composer into a message's actions without the pointer: Shift+Tab selects the newest message, Up moves,
 * Shift+F10 (or Enter) opens its actions; Edit corrects the own message at the peer, Reply quotes the peer's, Copy
 * copies, Esc goes back to the composer.
 */
class MessageKeyboardTest extends TwoProfilesFxTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    private ChatViewModel chat;

    /** The menu the keyboard opened, once it shows. */
    private static ContextMenu openMenu() throws Exception {
        AtomicReference<ContextMenu> found = new AtomicReference<>();
        FxWait.until(10, () -> {
            for (Window window : Window.getWindows()) {
                if (window instanceof ContextMenu menu && menu.isShowing()
                        && "message-keyboard-menu".equals(menu.getId())) {
                    found.set(menu);
                    return true;
                }
            }
            return false;
        });
        WaitForAsyncUtils.waitForFxEvents();
        return found.get();
    }

    private static List<String> words(ContextMenu menu) {
        return menu.getItems().stream().filter(i -> !(i instanceof SeparatorMenuItem)).map(MenuItem::getText).toList();
    }

    /** Down to the item with {@code text} (the first has the focus; separators are skipped), then Enter. */
    private static void choose(FxRobot robot, ContextMenu menu, String text) {
        List<String> items = words(menu);
        int at = items.indexOf(text);
        assertTrue(at >= 0, text + " in " + items);
        for (int i = 0; i < at; i++) {
            robot.type(KeyCode.DOWN);
        }
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Optional<ChatMessage> stored(Account account, String peer, String body) throws Exception {
        return account.chats().history(peer, Optional.empty(), 50).get(10, TimeUnit.SECONDS).stream()
                .filter(m -> m.body().equals(body)).findFirst();
    }

    @Test
    void shiftTabUpAndShiftF10ReachAMessagesActions(FxRobot robot) throws Exception {
        Account[] pair = twoOnline(PROSODY.server(), "alice", "bob");
        Account a = pair[0];
        Account b = pair[1];
        String alice = a.jid();
        String bob = b.jid();
        b.chats().send(alice, "Lunch at noon?").get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> stored(a, bob, "Lunch at noon?").isPresent());
        a.chats().send(bob, "Sure, see you ther").get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> stored(b, alice, "Sure, see you ther").isPresent());

        AtomicReference<ChatView> view = new AtomicReference<>();
        robot.interact(() -> {
            chat = new ChatViewModel(alices, a, bob, "Bob", UiExecutor.fx());
            closeOnFx(chat::close);
            chat.start();
            view.set(new ChatView(chat));
            Scene scene = new Scene(view.get().root(), 700, 520);
            scene.getStylesheets().add(Controls.stylesheet());
            stage.setScene(scene);
            stage.show();
        });
        FxWait.until(10, () -> chat.loadedProperty().get()
                && chat.messages().size() == 2);
        robot.interact(() -> view.get().focus());
        Node history = robot.lookup("#history").query();

        // Shift+Tab from the composer: the history has the keyboard, on the newest message (alice's own)
        robot.push(KeyCode.SHIFT, KeyCode.TAB);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(history.isFocused(), "the history has the focus");
        assertEquals(1, robot.lookup(".message-selected").queryAll().size(), "one message marked");
        assertTrue(robot.lookup(".message-selected").query().getAccessibleText().contains("Sure, see you ther"));
        Screenshots.save(robot, stage.getScene(), "message-keyboard-light");

        // Shift+F10: its actions, Edit among them; Edit puts it into the composer, and Enter corrects it at bob's
        robot.push(KeyCode.SHIFT, KeyCode.F10);
        ContextMenu own = openMenu();
        assertEquals(List.of(Strings.get("message.copy"), Strings.get("message.reply"), Strings.get("message.react"),
                Strings.get("message.edit"), Strings.get("message.retract")), words(own));
        choose(robot, own, Strings.get("message.edit"));
        assertEquals("Sure, see you ther", chat.editingProperty().get().body());
        assertTrue(robot.lookup("#composer").query().isFocused(), "back in the composer");
        assertTrue(robot.lookup(".message-selected").queryAll().isEmpty(), "the mark goes with the focus");
        robot.type(KeyCode.E).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> stored(b, alice, "Sure, see you there").isPresent());

        // Shift+Tab, Up to bob's message, Enter: Copy, Reply, React (no Edit or Delete on his)
        robot.push(KeyCode.SHIFT, KeyCode.TAB);
        robot.type(KeyCode.UP);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup(".message-selected").query().getAccessibleText().contains("Lunch at noon?"));
        robot.type(KeyCode.ENTER);
        ContextMenu his = openMenu();
        assertEquals(List.of(Strings.get("message.copy"), Strings.get("message.reply"), Strings.get("message.react")),
                words(his));
        choose(robot, his, Strings.get("message.copy"));
        AtomicReference<String> copied = new AtomicReference<>();
        robot.interact(() -> copied.set(Clipboard.getSystemClipboard().getString()));
        assertEquals("Lunch at noon?", copied.get());

        // the history still has the keyboard after Copy: the menu key opens the actions again; Reply quotes it
        assertTrue(history.isFocused());
        robot.type(KeyCode.CONTEXT_MENU);
        ContextMenu again = openMenu();
        choose(robot, again, Strings.get("message.reply"));
        assertEquals("Lunch at noon?", chat.replyingToProperty().get().body());
        assertTrue(robot.lookup("#composer").query().isFocused(), "the composer, to write the reply");

        // Esc in the history goes back to the composer, the reply kept
        robot.push(KeyCode.SHIFT, KeyCode.TAB);
        assertTrue(history.isFocused());
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#composer").query().isFocused());
        assertFalse(robot.lookup(".message-selected").tryQuery().isPresent());
        assertEquals("Lunch at noon?", chat.replyingToProperty().get().body());
        assertNull(chat.editingProperty().get());
    }
}
