package org.sotto.app.ui;

import java.util.function.IntConsumer;

import javafx.beans.value.ObservableIntegerValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The parts of a keyboard-driven picker shown over the window (the quick switcher, search in every chat): a dimmed
 * background that closes it when clicked, a card near the top, Esc / Up / Down / Enter, and a list whose selection
 * follows the view model's.
 */
public final class PickerOverlay {
    private PickerOverlay() {
    }

    /** Dims the window behind the card and closes the picker when clicked. Styled by {@code .switcher-dim}. */
    public static Region dim(Runnable close) {
        Region dim = new Region();
        dim.getStyleClass().add("switcher-dim");
        dim.setOnMouseClicked(e -> close.run());
        return dim;
    }

    /** Esc closes, Up and Down move the selection, Enter chooses; whichever control has the focus. */
    public static void keys(Node root, Runnable close, IntConsumer move, Runnable choose) {
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                e.consume();
                close.run();
            } else if (e.getCode() == KeyCode.DOWN) {
                e.consume();
                move.accept(1);
            } else if (e.getCode() == KeyCode.UP) {
                e.consume();
                move.accept(-1);
            } else if (e.getCode() == KeyCode.ENTER) {
                e.consume();
                choose.run();
            }
        });
    }

    /** The list shows the view model's selection (kept a few rows from the top) and tells it a click's. */
    public static void followSelection(ListView<?> list, ObservableIntegerValue selected, IntConsumer select) {
        selected.addListener((obs, old, next) -> {
            if (next.intValue() >= 0) {
                list.getSelectionModel().select(next.intValue());
                list.scrollTo(Math.max(0, next.intValue() - 3));
            } else {
                list.getSelectionModel().clearSelection();
            }
        });
        list.getSelectionModel().select(selected.get());
        list.getSelectionModel().selectedIndexProperty().addListener((obs, old, next) -> select.accept(next.intValue()));
    }

    /** The card that holds the picker, centred at the top of {@code root} above the dimmed window. */
    public static VBox card(StackPane root, Region dim, double maxWidth, double top, Node... children) {
        VBox card = new VBox(8, children);
        card.getStyleClass().add("switcher");
        card.setPadding(new Insets(12));
        card.setMaxWidth(maxWidth);
        card.setMaxHeight(Region.USE_PREF_SIZE);
        StackPane.setAlignment(card, Pos.TOP_CENTER);
        StackPane.setMargin(card, new Insets(top, 24, 24, 24));
        root.getChildren().addAll(dim, card);
        return card;
    }
}
