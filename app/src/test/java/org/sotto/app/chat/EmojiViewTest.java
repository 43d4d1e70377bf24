package org.sotto.app.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import javafx.beans.property.SimpleDoubleProperty;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextArea;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.stage.Popup;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import org.sotto.app.Screenshots;
import org.sotto.app.ui.Controls;
import org.sotto.app.ui.Emoji;
import org.sotto.app.ui.Theme;
import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.MessageStatus;

/**
 * Emoji in the window are the system font's colour pictures (JavaFX 21 draws that font blank): in message text, where
 * selecting and copying still give the characters, in reaction chips and in the picker.
 */
@ExtendWith(ApplicationExtension.class)
class EmojiViewTest {
    private static final String BODY = "Dinner at 8 👍🏽 then the 🇩🇪 match, 👨‍👩‍👧 all ❤️";
    private VBox root;

    @Start
    void start(Stage stage) {
        Theme.choice().set(Theme.Choice.LIGHT);
        Theme.installCurrent();
        root = new VBox();
        Scene scene = new Scene(root, 640, 360);
        scene.getStylesheets().add(Controls.stylesheet());
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void messageTextShowsEachEmojiAsAColourPictureAndCopiesItsCharacters(FxRobot robot) {
        assertTrue(Emoji.available(), "the tests need fonts-noto-color-emoji (scripts/setup-debian.sh installs it)");
        ChatMessage message = new ChatMessage(UUID.randomUUID().toString(), "alice@localhost", "bob@localhost",
                ChatKind.CHAT, Direction.INCOMING, "bob@localhost", BODY, Instant.now(), Optional.empty(),
                Optional.empty(), Optional.empty(), MessageStatus.RECEIVED, Encryption.E2EE_TRUSTED, Optional.empty(),
                false, false, Map.of("bob@localhost", Set.of("🎉")));
        AtomicReference<Node> cell = new AtomicReference<>();
        robot.interact(() -> {
            cell.set(MessageCell.create(message, new MessageCell.Context(null, "Bob", null, Optional.empty(), "",
                    Set.of(), null, false, false, false, false, true, false, new SimpleDoubleProperty(640),
                    CellCostBench.NO_ACTIONS, null)));
            root.getChildren().setAll(cell.get());
        });
        SelectableText text = robot.from(cell.get()).lookup(".message-text").queryAs(SelectableText.class);
        List<ImageView> pictures = robot.from(text).lookup(".emoji").queryAllAs(ImageView.class).stream().toList();
        assertEquals(List.of("👍🏽", "🇩🇪", "👨‍👩‍👧", "❤️"), pictures.stream().map(Node::getAccessibleText).toList(),
                "one picture per emoji, joined sequences as one");
        for (ImageView picture : pictures) {
            assertTrue(colours(robot, picture) > 12, picture.getAccessibleText() + " is drawn in colour");
        }
        // no text run holds an emoji (JavaFX would draw it blank)
        robot.from(text).lookup(".message-run").queryAllAs(Text.class).forEach(run ->
                assertFalse(run.getText().codePoints().anyMatch(cp -> cp > 0x2000 && cp != 0x2019), run.getText()));
        robot.interact(() -> text.select(0, BODY.length()));
        assertEquals(BODY, text.selectedOrAll(), "selecting all copies every character, the emoji's too");
        int flag = BODY.indexOf("🇩🇪");
        robot.interact(() -> text.select(flag, flag + "🇩🇪".length()));
        assertEquals("🇩🇪", text.selectedOrAll());

        Node chip = robot.from(cell.get()).lookup(".reaction-chip").query();
        ImageView reaction = assertInstanceOf(ImageView.class, ((Labeled) chip).getGraphic());
        assertEquals("🎉", reaction.getAccessibleText());
        assertTrue(colours(robot, reaction) > 12);
        Screenshots.save(robot, root.getScene(), "chat-emoji-in-text");
    }

    @Test
    void thePickerShowsPictures(FxRobot robot) {
        AtomicReference<Popup> popup = new AtomicReference<>();
        robot.interact(() -> {
            Button anchor = new Button("react");
            root.getChildren().setAll(anchor);
            popup.set(EmojiPicker.show(anchor, emoji -> { }));
        });
        List<Button> choices = robot.lookup(".emoji-choice").queryAllAs(Button.class).stream().toList();
        assertEquals(EmojiPicker.EMOJI.size(), choices.size());
        Set<String> shown = new HashSet<>();
        for (Button choice : choices) {
            ImageView picture = assertInstanceOf(ImageView.class, choice.getGraphic(), choice.getText());
            assertTrue(colours(robot, picture) > 12, choice.getText() + " in colour");
            shown.add(choice.getText());
        }
        assertEquals(Set.copyOf(EmojiPicker.EMOJI), shown);
        robot.interact(() -> popup.get().hide());
    }

    /** A text area takes no pictures: there the monochrome fallback font (Symbola) draws them instead of blanks. */
    @Test
    void theComposerDrawsEmojiWithAMonochromeFont(FxRobot robot) {
        for (String emoji : List.of("👍", "🎉")) {
            TextArea withEmoji = new TextArea(emoji);
            TextArea blank = new TextArea(" ");
            for (TextArea area : List.of(withEmoji, blank)) {
                area.setFocusTraversable(false); // no caret in either
                area.setPrefSize(120, 40);
            }
            robot.interact(() -> root.getChildren().setAll(withEmoji, blank));
            int drawn = colours(robot, withEmoji);
            int empty = colours(robot, blank);
            assertTrue(drawn > empty + 5, emoji + " is drawn, not blank (fonts-symbola): " + drawn + " vs " + empty);
        }
    }

    /** Distinct colours in the node as drawn. */
    private static int colours(FxRobot robot, Node node) {
        AtomicReference<WritableImage> shot = new AtomicReference<>();
        robot.interact(() -> shot.set(node.snapshot(null, null)));
        PixelReader pixels = shot.get().getPixelReader();
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < (int) shot.get().getHeight(); y++) {
            for (int x = 0; x < (int) shot.get().getWidth(); x++) {
                seen.add(pixels.getArgb(x, y));
            }
        }
        return seen.size();
    }
}
