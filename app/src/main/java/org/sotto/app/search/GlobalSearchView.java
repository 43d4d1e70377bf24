package org.sotto.app.search;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.function.Consumer;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextFlow;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;

import org.sotto.app.ui.PickerOverlay;
import org.sotto.app.ui.Strings;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;

/**
 * Ctrl+Shift+F: an overlay like the quick switcher, with the field and the hits of every chat (chat, sender, time,
 * the text with the matched words marked), newest first. Up/Down move, Enter or a click opens the chat at the hit,
 * Esc or a click beside it closes.
 */
public final class GlobalSearchView {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT);
    private static final double ROW = 62;
    /** How much of a long message a hit shows before its first marked word. */
    private static final int LEAD = 40;
    private static final int SNIPPET = 300;

    private final GlobalSearchViewModel model;
    private final StackPane root = new StackPane();
    private final TextField field = new TextField();
    private final ListView<GlobalSearchViewModel.Hit> list = new ListView<>();

    /** {@code chosen} gets the hit to open; {@code closed} runs when the overlay should go. */
    public GlobalSearchView(GlobalSearchViewModel model, Consumer<GlobalSearchViewModel.Hit> chosen,
                            Runnable closed) {
        this.model = model;
        root.setId("global-search");
        root.getStyleClass().add("switcher-overlay");
        Region dim = PickerOverlay.dim(closed);

        field.setId("global-search-field");
        field.setPromptText(Strings.get("globalSearch.prompt"));
        field.setAccessibleText(Strings.get("globalSearch.prompt"));
        field.textProperty().bindBidirectional(model.queryProperty());
        Label status = new Label();
        status.setId("global-search-status");
        status.getStyleClass().addAll("text-muted", "text-small");
        status.textProperty().bind(model.statusProperty());
        status.setMinWidth(Region.USE_PREF_SIZE);
        HBox row = new HBox(8, new FontIcon(Material2MZ.SEARCH), field, status);
        row.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(field, Priority.ALWAYS);

        list.setId("global-search-results");
        list.setItems(model.results());
        list.setAccessibleText(Strings.get("search.results"));
        list.setFocusTraversable(false);
        list.setFixedCellSize(ROW);
        list.prefHeightProperty().bind(Bindings.createDoubleBinding(
                () -> Math.max(1, Math.min(8, model.results().size())) * ROW + 4, model.results()));
        list.setCellFactory(view -> new HitCell());
        Label none = new Label(Strings.get("globalSearch.empty"));
        none.getStyleClass().add("text-muted");
        none.textProperty().bind(Bindings.createStringBinding(() -> model.queryProperty().get().isBlank()
                ? Strings.get("globalSearch.empty") : model.statusProperty().get(), model.queryProperty(),
                model.statusProperty()));
        list.setPlaceholder(none);
        PickerOverlay.followSelection(list, model.selectedProperty(), model::select);
        list.setOnMouseClicked(e -> model.chosen().ifPresent(chosen));
        Label hint = new Label(Strings.get("switcher.hint"));
        hint.getStyleClass().addAll("text-muted", "text-small");

        PickerOverlay.keys(root, closed, model::move, () -> model.chosen().ifPresent(chosen));

        PickerOverlay.card(root, dim, 640, 56, row, list, hint);
    }

    public Parent root() {
        return root;
    }

    public void focus() {
        field.requestFocus();
        field.selectAll();
    }

    /** A long message from a little before its first marked word, on one line. */
    static String snippet(String body, String query) {
        String line = body.replace('\n', ' ');
        List<int[]> spans = SearchViewModel.highlights(line, query);
        int from = spans.isEmpty() ? 0 : Math.max(0, spans.get(0)[0] - LEAD);
        int to = Math.min(line.length(), from + SNIPPET);
        return (from > 0 ? "…" : "") + line.substring(from, to) + (to < line.length() ? "…" : "");
    }

    private final class HitCell extends ListCell<GlobalSearchViewModel.Hit> {
        @Override
        protected void updateItem(GlobalSearchViewModel.Hit item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                setText(null);
                setAccessibleText(null);
                return;
            }
            ChatMessage message = item.message();
            Label chat = new Label(model.severalAccounts()
                    ? Strings.get("switcher.where", item.title(), item.account().jid()) : item.title());
            chat.getStyleClass().add("switcher-name");
            chat.setMinWidth(0);
            String who = message.direction() == Direction.OUTGOING ? Strings.get("chat.you")
                    : message.sender().equals(message.peer()) ? item.title() : message.sender();
            String when = WHEN.format(message.timestamp().atZone(ZoneId.systemDefault()));
            Label meta = new Label(Strings.get("search.hit.meta", who, when));
            meta.getStyleClass().addAll("text-muted", "text-small");
            meta.setMinWidth(Region.USE_PREF_SIZE);
            Region grow = new Region();
            HBox.setHgrow(grow, Priority.ALWAYS);
            HBox top = new HBox(8, chat, grow, meta);
            top.setAlignment(Pos.CENTER_LEFT);
            String query = model.queryProperty().get();
            String shown = snippet(message.body(), query);
            TextFlow text = SearchView.highlighted(shown, query);
            text.setMaxHeight(38);
            text.setPrefWidth(0);
            VBox box = new VBox(2, top, text);
            box.setMinWidth(0);
            box.setPrefWidth(0);
            setGraphic(box);
            setText(null);
            setAccessibleText(Strings.get("globalSearch.hit.accessible", item.title(), who, when, shown));
        }
    }
}
