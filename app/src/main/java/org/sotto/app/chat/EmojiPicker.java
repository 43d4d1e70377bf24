package org.sotto.app.chat;

import java.util.List;
import java.util.function.Consumer;

import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.stage.Popup;

import org.sotto.app.ui.Emoji;
import org.sotto.app.ui.Strings;

/**
 * A small popup grid of common emoji, for reactions and for the composer. Each one is a button the keyboard reaches
 * (Tab, Enter) and says what it inserts; Esc or a click elsewhere closes it. Each shows the system emoji font's
 * picture ({@link Emoji}).
 */
final class EmojiPicker {
    static final List<String> EMOJI = List.of(
            "👍", "❤️", "😂", "😮", "😢", "🙏", "👎", "🎉",
            "😀", "😊", "😉", "😍", "🤔", "😅", "😎", "🙂",
            "👀", "🔥", "✅", "❌", "👏", "💯", "🤝", "🚀");
    private static final int COLUMNS = 8;
    private static final double PICTURE_PX = 22;

    private EmojiPicker() {
    }

    /** The emoji's name in words (tooltips and screen readers; also where the font cannot draw it), or itself. */
    static String name(String emoji) {
        int at = EMOJI.indexOf(emoji);
        String[] names = Strings.get("emoji.names").split(",");
        return at >= 0 && at < names.length ? names[at].strip() : emoji;
    }

    /** Opens the picker under {@code anchor}; {@code chosen} gets the emoji the user picks. */
    static Popup show(Node anchor, Consumer<String> chosen) {
        Popup popup = new Popup();
        popup.setAutoHide(true);
        popup.setHideOnEscape(true);
        GridPane grid = new GridPane();
        grid.setId("emoji-picker");
        grid.getStyleClass().add("emoji-picker");
        grid.setHgap(2);
        grid.setVgap(2);
        grid.setPadding(new Insets(6));
        for (int i = 0; i < EMOJI.size(); i++) {
            String emoji = EMOJI.get(i);
            Button button = new Button(emoji);
            if (Emoji.available()) { // the text stays for its name; the picture is what shows
                button.setGraphic(Emoji.node(emoji, PICTURE_PX));
                button.setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
            }
            button.getStyleClass().addAll("flat", "emoji-choice");
            String words = Strings.get("emoji.choose", emoji, name(emoji));
            button.setAccessibleText(words);
            button.setTooltip(new Tooltip(words));
            button.setOnAction(e -> {
                popup.hide();
                chosen.accept(emoji);
            });
            grid.add(button, i % COLUMNS, i / COLUMNS);
        }
        grid.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                popup.hide();
            }
        });
        popup.getContent().add(grid);
        Bounds bounds = anchor.localToScreen(anchor.getBoundsInLocal());
        if (bounds != null) {
            popup.show(anchor, bounds.getMinX(), bounds.getMaxY() + 2);
            // above the anchor when there is no room below (the composer is at the bottom of the window)
            double height = grid.getHeight();
            javafx.stage.Window window = anchor.getScene().getWindow();
            if (bounds.getMaxY() + height > window.getY() + window.getHeight()) {
                popup.setY(bounds.getMinY() - height - 2);
            }
            grid.getChildren().get(0).requestFocus();
        }
        return popup;
    }
}
