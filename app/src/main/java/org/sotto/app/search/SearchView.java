package org.sotto.app.search;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.function.Consumer;

import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

import org.sotto.app.ui.Controls;
import org.sotto.app.ui.Strings;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;

/**
 * The search bar over the open chat: the field, how many were found, and the hits (newest first, the matched words
 * marked) in a list under it. Enter or a click on a hit shows it in the chat; Down moves into the hits; Esc closes.
 */
public final class SearchView {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT);

    private static final double ROW = 50;
    private final SearchViewModel model;
    private final VBox root = new VBox(6);
    private final TextField field = new TextField();
    private final ListView<ChatMessage> results = new ListView<>();
    /** False once a hit was chosen, until the text changes or the field is clicked: the chat shows it then. */
    private final BooleanProperty showHits = new SimpleBooleanProperty(true);

    /** {@code chosen} gets the hit to show; {@code closed} runs when the bar should go. */
    public SearchView(SearchViewModel model, String title, Consumer<ChatMessage> chosen, Runnable closed) {
        this.model = model;
        root.setId("search-bar");
        root.getStyleClass().add("search-bar");
        root.setPadding(new Insets(8, 16, 8, 16));
        field.setId("search-field");
        field.setPromptText(Strings.get("search.prompt", title));
        field.setAccessibleText(Strings.get("search.prompt", title));
        field.textProperty().bindBidirectional(model.queryProperty());
        Label status = new Label();
        status.setId("search-status");
        status.getStyleClass().addAll("text-muted", "text-small");
        status.textProperty().bind(model.statusProperty());
        status.setMinWidth(Label.USE_PREF_SIZE);
        Button close = Controls.iconButton(Material2AL.CLOSE, Strings.get("search.close"));
        close.setId("search-close");
        close.setOnAction(e -> closed.run());
        HBox row = new HBox(8, new FontIcon(Material2MZ.SEARCH), field, status, close);
        row.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(field, Priority.ALWAYS);

        results.setId("search-results");
        results.setItems(model.results());
        results.setAccessibleText(Strings.get("search.results"));
        results.setCellFactory(view -> new HitCell());
        results.setFixedCellSize(ROW);
        // as tall as the hits, up to five rows; the chat keeps the rest
        results.prefHeightProperty().bind(Bindings.createDoubleBinding(
                () -> Math.max(1, Math.min(5, model.results().size())) * ROW + 4, model.results()));
        results.visibleProperty().bind(showHits.and(Bindings.isNotEmpty(model.results())));
        field.textProperty().addListener((obs, old, next) -> showHits.set(true));
        field.setOnMouseClicked(e -> showHits.set(true));
        results.managedProperty().bind(results.visibleProperty());
        results.setOnMouseClicked(e -> choose(chosen));
        results.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER) {
                e.consume();
                choose(chosen);
            } else if (e.getCode() == KeyCode.UP && results.getSelectionModel().getSelectedIndex() <= 0) {
                e.consume();
                field.requestFocus();
            }
        });
        field.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.DOWN && !model.results().isEmpty()) {
                e.consume();
                results.requestFocus();
                results.getSelectionModel().select(0);
            } else if (e.getCode() == KeyCode.ENTER && !model.results().isEmpty()) {
                e.consume();
                results.getSelectionModel().select(Math.max(0, results.getSelectionModel().getSelectedIndex()));
                choose(chosen);
            }
        });
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                e.consume();
                closed.run();
            }
        });
        root.getChildren().addAll(row, results);
    }

    private void choose(Consumer<ChatMessage> chosen) {
        ChatMessage hit = results.getSelectionModel().getSelectedItem();
        if (hit != null) {
            chosen.accept(hit);
        }
    }

    /** Hides the hits (one was chosen) until the text changes or the field is used again. */
    public void collapse() {
        showHits.set(false);
    }

    public Parent root() {
        return root;
    }

    public void focus() {
        field.requestFocus();
        field.selectAll();
    }

    /** {@code body} with the words of {@code query} marked as core's search matches them. */
    static TextFlow highlighted(String body, String query) {
        TextFlow text = new TextFlow();
        int at = 0;
        for (int[] span : SearchViewModel.highlights(body, query)) {
            if (span[0] > at) {
                text.getChildren().add(styled(body.substring(at, span[0]), false));
            }
            text.getChildren().add(styled(body.substring(span[0], span[1]), true));
            at = span[1];
        }
        if (at < body.length()) {
            text.getChildren().add(styled(body.substring(at), false));
        }
        return text;
    }

    private static Text styled(String part, boolean hit) {
        Text text = new Text(part);
        text.getStyleClass().add(hit ? "search-hit" : "search-text");
        return text;
    }

    private final class HitCell extends ListCell<ChatMessage> {
        @Override
        protected void updateItem(ChatMessage item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                setText(null);
                setAccessibleText(null);
                return;
            }
            String who = item.direction() == Direction.OUTGOING ? Strings.get("chat.you") : item.sender();
            Label meta = new Label(Strings.get("search.hit.meta", who,
                    WHEN.format(item.timestamp().atZone(ZoneId.systemDefault()))));
            meta.getStyleClass().addAll("text-muted", "text-small");
            String body = item.body().replace('\n', ' ');
            TextFlow text = highlighted(body, model.queryProperty().get());
            text.setMaxHeight(40);
            text.setPrefWidth(0);
            VBox box = new VBox(2, meta, text);
            box.setMinWidth(0);
            box.setPrefWidth(0);
            setGraphic(box);
            setText(null);
            setAccessibleText(Strings.get("search.hit.accessible", who, body));
        }

    }
}
