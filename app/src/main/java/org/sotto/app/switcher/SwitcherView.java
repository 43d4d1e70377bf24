package org.sotto.app.switcher;

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

import org.sotto.app.chat.ChatViewModel;
import org.sotto.app.ui.PickerOverlay;
import org.sotto.app.ui.Strings;

/**
 * The quick switcher over the window: a filter field above the matching chats and contacts, on a dimmed window.
 * Up/Down move, Enter opens, Esc or a click beside it closes.
 */
public final class SwitcherView {
    private static final double ROW = 36;
    private final SwitcherViewModel model;
    private final StackPane root = new StackPane();
    private final TextField filter = new TextField();
    private final ListView<SwitcherViewModel.Target> list = new ListView<>();

    /** {@code opened} gets the chat opened by Enter; {@code closed} runs when the switcher should go. */
    public SwitcherView(SwitcherViewModel model, Consumer<ChatViewModel> opened, Runnable closed) {
        this.model = model;
        root.setId("switcher");
        root.getStyleClass().add("switcher-overlay");
        Region dim = PickerOverlay.dim(closed);

        filter.setId("switcher-filter");
        filter.setPromptText(Strings.get("switcher.prompt"));
        filter.setAccessibleText(Strings.get("switcher.prompt"));
        filter.textProperty().bindBidirectional(model.queryProperty());
        list.setId("switcher-list");
        list.setItems(model.targets());
        list.setAccessibleText(Strings.get("switcher.list"));
        list.setFocusTraversable(false);
        list.setFixedCellSize(ROW);
        // as tall as what matches, up to ten rows
        list.prefHeightProperty().bind(Bindings.createDoubleBinding(
                () -> Math.max(1, Math.min(10, model.targets().size())) * ROW + 4, model.targets()));
        list.setCellFactory(view -> new TargetCell());
        Label none = new Label(Strings.get("switcher.none"));
        none.getStyleClass().add("text-muted");
        list.setPlaceholder(none);
        PickerOverlay.followSelection(list, model.selectedProperty(), model::select);
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() >= 1 && list.getSelectionModel().getSelectedIndex() >= 0) {
                model.open().ifPresent(opened);
            }
        });
        Label hint = new Label(Strings.get("switcher.hint"));
        hint.getStyleClass().addAll("text-muted", "text-small");

        PickerOverlay.keys(root, closed, model::move, () -> model.open().ifPresent(opened));

        PickerOverlay.card(root, dim, 480, 72, filter, list, hint);
    }

    public Parent root() {
        return root;
    }

    public void focus() {
        filter.requestFocus();
    }

    private final class TargetCell extends ListCell<SwitcherViewModel.Target> {
        @Override
        protected void updateItem(SwitcherViewModel.Target item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                setText(null);
                setAccessibleText(null);
                return;
            }
            Label name = new Label(item.name());
            name.getStyleClass().add("switcher-name");
            name.setMinWidth(0);
            Label jid = new Label(item.name().equals(item.jid()) ? "" : item.jid());
            jid.getStyleClass().addAll("text-muted", "text-small");
            jid.setMinWidth(0);
            Region grow = new Region();
            HBox.setHgrow(grow, Priority.ALWAYS);
            HBox row = new HBox(8, name, jid, grow);
            row.setAlignment(Pos.CENTER_LEFT);
            String where = item.chat() ? "" : Strings.get("switcher.contact");
            if (model.severalAccounts()) {
                where = where.isEmpty() ? item.account().jid() : Strings.get("switcher.where", where,
                        item.account().jid());
            }
            if (!where.isEmpty()) {
                Label account = new Label(where);
                account.getStyleClass().addAll("text-muted", "text-small");
                account.setMinWidth(Region.USE_PREF_SIZE);
                row.getChildren().add(account);
            }
            if (item.unread() > 0) {
                Label badge = new Label(String.valueOf(item.unread()));
                badge.getStyleClass().add("unread-badge");
                badge.setMinWidth(Region.USE_PREF_SIZE);
                row.getChildren().add(badge);
            }
            setGraphic(row);
            setText(null);
            setAccessibleText(Strings.get("switcher.entry.accessible", item.name(), item.jid(), where, item.unread()));
        }
    }
}
