package org.sotto.app.rooms;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import javafx.beans.binding.Bindings;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import org.sotto.app.ui.Strings;
import org.sotto.core.api.room.Bookmark;

/**
 * Join a group chat (by address, or from a bookmark) or create one. Stays open with what was typed until core entered
 * the room, so an invalid address or a refusal loses nothing and says why.
 */
public final class RoomDialog {
    private final Dialog<Void> dialog = new Dialog<>();
    private final RoomsViewModel model;
    private final TabPane tabs = new TabPane();
    private final Tab joinTab;
    private final Tab createTab;
    private final TextField joinAddress = new TextField();
    private final TextField joinNickname = new TextField();
    private final ListView<Bookmark> bookmarks = new ListView<>();
    private final TextField createAddress = new TextField();
    private final TextField createName = new TextField();
    private final TextArea createDescription = new TextArea();
    private final TextField createMembers = new TextField();
    private final TextField createNickname = new TextField();
    private final Label error = new Label();

    public RoomDialog(RoomsViewModel model, Window owner) {
        this.model = model;
        dialog.setTitle(Strings.get("rooms.dialog.title"));
        dialog.setHeaderText(null);
        if (owner != null) {
            dialog.initOwner(owner);
            if (owner.getScene() != null) {
                dialog.getDialogPane().getStylesheets().setAll(owner.getScene().getStylesheets());
                dialog.getDialogPane().getStyleClass().addAll(owner.getScene().getRoot().getStyleClass().stream()
                        .filter(c -> c.startsWith("theme-")).toList());
            }
        }
        String nickname = model.defaultNickname();

        joinAddress.setId("room-join-address");
        joinAddress.setPromptText(Strings.get("rooms.address.prompt"));
        joinAddress.setAccessibleText(Strings.get("rooms.address"));
        joinNickname.setId("room-join-nickname");
        joinNickname.setText(nickname);
        joinNickname.setAccessibleText(Strings.get("rooms.nickname"));
        bookmarks.setId("room-bookmarks");
        bookmarks.setItems(model.bookmarks());
        bookmarks.setPrefHeight(140);
        bookmarks.setAccessibleText(Strings.get("rooms.bookmarks"));
        Label noBookmarks = new Label(Strings.get("rooms.bookmarks.none"));
        noBookmarks.getStyleClass().add("text-muted");
        noBookmarks.setWrapText(true);
        bookmarks.setPlaceholder(noBookmarks);
        bookmarks.setCellFactory(view -> new ListCell<>() {
            @Override
            protected void updateItem(Bookmark item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.autojoin()
                        ? Strings.get("rooms.bookmark.autojoin", item.name(), item.room())
                        : Strings.get("rooms.bookmark", item.name(), item.room()));
            }
        });
        // choosing a bookmark fills the fields; a double click joins at once
        bookmarks.getSelectionModel().selectedItemProperty().addListener((obs, old, chosen) -> {
            if (chosen != null) {
                joinAddress.setText(chosen.room());
                chosen.nickname().ifPresent(joinNickname::setText);
            }
        });
        bookmarks.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && bookmarks.getSelectionModel().getSelectedItem() != null) {
                submit();
            }
        });
        VBox join = new VBox(8, caption("rooms.address", joinAddress), joinAddress,
                caption("rooms.nickname", joinNickname), joinNickname, caption("rooms.bookmarks", bookmarks), bookmarks);
        joinTab = new Tab(Strings.get("rooms.dialog.join"), join);
        joinTab.setId("room-tab-join");

        createAddress.setId("room-create-address");
        createAddress.setPromptText(Strings.get("rooms.address.prompt"));
        createAddress.setAccessibleText(Strings.get("rooms.address"));
        createName.setId("room-create-name");
        createName.setAccessibleText(Strings.get("rooms.name"));
        createDescription.setId("room-create-description");
        createDescription.setPrefRowCount(2);
        createDescription.setWrapText(true);
        createDescription.setAccessibleText(Strings.get("rooms.description"));
        createMembers.setId("room-create-members");
        createMembers.setPromptText(Strings.get("rooms.members.prompt"));
        createMembers.setAccessibleText(Strings.get("rooms.members"));
        createNickname.setId("room-create-nickname");
        createNickname.setText(nickname);
        createNickname.setAccessibleText(Strings.get("rooms.nickname"));
        Label privacy = new Label(Strings.get("rooms.create.private"));
        privacy.setWrapText(true);
        privacy.setMinHeight(Region.USE_PREF_SIZE);
        privacy.getStyleClass().addAll("text-small", "text-muted");
        VBox create = new VBox(8, caption("rooms.address", createAddress), createAddress,
                caption("rooms.name", createName), createName, caption("rooms.description", createDescription),
                createDescription, caption("rooms.members", createMembers), createMembers,
                caption("rooms.nickname", createNickname), createNickname, privacy);
        createTab = new Tab(Strings.get("rooms.dialog.create"), create);
        createTab.setId("room-tab-create");
        for (Tab tab : new Tab[] {joinTab, createTab}) {
            tab.setClosable(false);
            ((Region) tab.getContent()).setPadding(new Insets(12, 0, 0, 0));
        }
        tabs.getTabs().setAll(joinTab, createTab);
        tabs.setId("room-tabs");

        error.setId("room-error");
        error.getStyleClass().add("danger");
        error.setWrapText(true);
        error.setMinHeight(Region.USE_PREF_SIZE);
        error.visibleProperty().bind(error.textProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        error.textProperty().addListener((obs, old, next) -> {
            if (dialog.getDialogPane().getScene() != null) {
                dialog.getDialogPane().getScene().getWindow().sizeToScene();
            }
        });
        for (TextField field : new TextField[] {joinAddress, joinNickname, createAddress, createMembers,
                createNickname}) {
            field.textProperty().addListener((obs, old, next) -> error.setText(""));
        }
        tabs.getSelectionModel().selectedItemProperty().addListener((obs, old, next) -> error.setText(""));
        VBox content = new VBox(10, tabs, error);
        content.setPadding(new Insets(4, 16, 0, 16));
        content.setPrefWidth(480);
        dialog.getDialogPane().setContent(content);

        ButtonType go = new ButtonType(Strings.get("rooms.dialog.join"), ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(go, ButtonType.CANCEL);
        Button goButton = (Button) dialog.getDialogPane().lookupButton(go);
        goButton.setId("room-confirm");
        goButton.textProperty().bind(Bindings.createStringBinding(
                () -> Strings.get(tabs.getSelectionModel().getSelectedItem() == createTab ? "rooms.dialog.create"
                        : "rooms.dialog.join"), tabs.getSelectionModel().selectedItemProperty()));
        goButton.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume(); // closes only once the room is entered
            submit();
        });
        model.loadBookmarks();
    }

    private void submit() {
        Button goButton = (Button) dialog.getDialogPane().lookupButton(dialog.getDialogPane().getButtonTypes().get(0));
        if (goButton.isDisabled()) {
            return;
        }
        boolean creating = tabs.getSelectionModel().getSelectedItem() == createTab;
        CompletableFuture<Optional<String>> done = creating
                ? model.create(createAddress.getText(), createName.getText(), createDescription.getText(),
                        createMembers.getText(), createNickname.getText())
                : model.join(joinAddress.getText(), joinNickname.getText());
        goButton.setDisable(true);
        done.whenComplete((failure, unexpected) -> {
            goButton.setDisable(false); // the view model completes on the JavaFX thread
            if (failure != null && failure.isEmpty()) {
                dialog.setResult(null);
                dialog.close();
            } else {
                error.setText(failure != null ? failure.get() : String.valueOf(unexpected));
                (creating ? createAddress : joinAddress).requestFocus();
            }
        });
    }

    private static Label caption(String key, Node field) {
        Label label = new Label(Strings.get(key));
        label.getStyleClass().addAll("text-small", "text-muted");
        label.setLabelFor(field);
        return label;
    }

    /** Shows the dialog (not waiting for it), on the join tab or the create tab. */
    public void show(boolean create) {
        tabs.getSelectionModel().select(create ? createTab : joinTab);
        dialog.show();
        (create ? createAddress : joinAddress).requestFocus();
    }

    public Dialog<Void> dialog() {
        return dialog;
    }
}
