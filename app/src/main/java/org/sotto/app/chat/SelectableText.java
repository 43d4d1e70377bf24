package org.sotto.app.chat;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.shape.Path;
import javafx.scene.shape.PathElement;
import javafx.scene.text.HitInfo;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

import org.sotto.app.ui.Emoji;
import org.sotto.app.ui.Strings;

/**
 * Styled message text the user can select with the mouse (drag, double-click a word, triple-click all) and copy
 * (Ctrl+C, or the context menu, which copies the whole text when nothing is selected). A {@link TextFlow} keeps the
 * XEP-0393 styles that a read-only text area would lose; the selection is drawn behind the text from
 * {@link TextFlow#rangeShape}. Emoji are pictures among the runs ({@link Emoji#node}): one place in the layout for
 * the characters each stands for, which selection and copying map back to the text.
 */
public final class SelectableText extends TextFlow {
    private String text;
    /** For each place in the layout (and the end), where it starts in {@link #text}. */
    private int[] textAt;
    private final Path highlight = new Path();
    private int anchor = -1;
    private int start;
    private int end;
    private ContextMenu menu;
    private Supplier<List<MenuItem>> moreItems = List::of;

    /** @param runs {@link Text} runs and emoji nodes whose characters together are {@code text} */
    public SelectableText(String text, List<? extends Node> runs) {
        this.text = text;
        this.textAt = layoutToText(text, runs);
        getStyleClass().add("message-text");
        highlight.getStyleClass().add("message-selection");
        highlight.setManaged(false);
        highlight.setMouseTransparent(true);
        getChildren().add(highlight);
        getChildren().addAll(runs);
        setFocusTraversable(false);
        setAccessibleText(text);
        setAccessibleRole(javafx.scene.AccessibleRole.TEXT);
        setCursor(javafx.scene.Cursor.TEXT);
        addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            if (anchor >= 0 && e.getButton() == MouseButton.PRIMARY) {
                select(anchor, index(e));
            }
        });
        addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.isShortcutDown() && e.getCode() == KeyCode.C) {
                copy();
                e.consume();
            } else if (e.isShortcutDown() && e.getCode() == KeyCode.A) {
                select(0, text.length());
                e.consume();
            }
        });
        setOnContextMenuRequested(e -> {
            menu().show(this, e.getScreenX(), e.getScreenY());
            e.consume(); // the message's own items are in this menu
        });
        focusedProperty().addListener((obs, old, focused) -> {
            if (!focused) {
                select(0, 0);
            }
        });
    }

    /** Shows another text (a reused cell): the selection and the menu go, the runs are replaced. */
    public void setContent(String newText, List<? extends Node> runs) {
        select(0, 0);
        anchor = -1;
        text = newText;
        textAt = layoutToText(newText, runs);
        getChildren().remove(1, getChildren().size()); // the selection's shape stays first
        getChildren().addAll(runs);
        setAccessibleText(newText);
        setFocusTraversable(false);
        menu = null;
    }

    /**
     * Its context menu: Copy, then the message's actions ({@link #addMenuItems}). Built on first use: a context menu
     * is a popup window of its own, and building one for every message took an eighth of the JavaFX thread's time
     * while scrolling through a long chat (docs/benchmarks.md).
     */
    public ContextMenu menu() {
        if (menu == null) {
            MenuItem copy = new MenuItem(Strings.get("message.copy"));
            copy.setOnAction(e -> copy());
            menu = new ContextMenu(copy);
            menu.getItems().addAll(moreItems.get());
        }
        return menu;
    }

    /** The message's own actions, asked for when the menu is first built. */
    public void addMenuItems(Supplier<List<MenuItem>> items) {
        moreItems = items;
    }

    private void pressed(MouseEvent e) {
        if (e.getButton() != MouseButton.PRIMARY) {
            return;
        }
        setFocusTraversable(true);
        requestFocus();
        int at = index(e);
        if (e.getClickCount() == 2) {
            int from = at;
            int to = at;
            while (from > 0 && Character.isLetterOrDigit(text.charAt(from - 1))) {
                from--;
            }
            while (to < text.length() && Character.isLetterOrDigit(text.charAt(to))) {
                to++;
            }
            select(from, to);
            anchor = -1;
        } else if (e.getClickCount() >= 3) {
            select(0, text.length());
            anchor = -1;
        } else {
            anchor = at;
            select(at, at);
        }
        e.consume();
    }

    private int index(MouseEvent e) {
        HitInfo hit = hitTest(new Point2D(e.getX(), e.getY()));
        return textAt[Math.max(0, Math.min(textAt.length - 1, hit.getInsertionIndex()))];
    }

    private static int[] layoutToText(String text, List<? extends Node> runs) {
        int places = 0;
        for (Node run : runs) {
            places += run instanceof Text t ? t.getText().length() : 1;
        }
        int[] at = new int[places + 1];
        int place = 0;
        int offset = 0;
        for (Node run : runs) {
            int length = run instanceof Text t ? t.getText().length()
                    : String.valueOf(run.getProperties().getOrDefault(Emoji.SOURCE, "")).length();
            if (run instanceof Text) {
                for (int i = 0; i < length; i++) {
                    at[place++] = offset + i;
                }
            } else {
                at[place++] = offset;
            }
            offset += length;
        }
        at[place] = Math.min(offset, text.length());
        return at;
    }

    /** The place in the layout where the text's character {@code index} is drawn (an emoji's first character). */
    private int layoutIndex(int index) {
        int found = Arrays.binarySearch(textAt, index);
        if (found >= 0) {
            while (found > 0 && textAt[found - 1] == index) {
                found--;
            }
            return found;
        }
        return Math.max(0, -found - 2); // inside an emoji: the emoji's place
    }

    /** Selects [from, to) (in either order). */
    public void select(int from, int to) {
        start = Math.min(from, to);
        end = Math.max(from, to);
        if (start == end) {
            highlight.getElements().clear();
        } else {
            int last = layoutIndex(end);
            if (last < textAt.length - 1 && textAt[last] < end) {
                last++; // the end inside an emoji takes the whole emoji
            }
            PathElement[] shape = rangeShape(layoutIndex(start), last);
            highlight.getElements().setAll(shape);
        }
    }

    /** The selected text, or the whole text when nothing is selected. */
    public String selectedOrAll() {
        return start < end ? text.substring(start, end) : text;
    }

    public String text() {
        return text;
    }

    private void copy() {
        ClipboardContent content = new ClipboardContent();
        content.putString(selectedOrAll());
        Clipboard.getSystemClipboard().setContent(content);
    }
}
