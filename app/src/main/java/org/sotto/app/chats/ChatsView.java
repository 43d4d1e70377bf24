package org.sotto.app.chats;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.material2.Material2AL;

import org.sotto.app.chat.ChatView;
import org.sotto.app.chat.ChatViewModel;
import org.sotto.app.trust.ChatTrustView;
import org.sotto.app.ui.Controls;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.ThemeSwitch;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ConversationSummary;

/** The main window: the chat list on the left, the open chat on the right; binds to a {@link ChatsViewModel}. */
public final class ChatsView {
    private final ChatsViewModel model;
    private final SplitPane root = new SplitPane();
    private final ListView<ConversationSummary> list = new ListView<>();
    private final TextField newChat = new TextField();
    private final StackPane chatArea = new StackPane();
    private ChatView chatView;

    public ChatsView(ChatsViewModel model) {
        this.model = model;
        root.setOrientation(Orientation.HORIZONTAL);
        root.getStyleClass().add("chats-view");

        Label account = new Label();
        account.setId("account-name");
        account.getStyleClass().add("title-4");
        account.textProperty().bind(Bindings.createStringBinding(() -> model.accountProperty().get() == null ? ""
                : model.accountProperty().get().jid(), model.accountProperty()));
        Label connection = new Label();
        connection.setId("connection-state");
        connection.getStyleClass().add("text-small");
        connection.setWrapText(true);
        connection.textProperty().bind(model.connectionProperty());
        model.connectionStateProperty().addListener((obs, old, next) -> {
            connection.getStyleClass().removeAll("success", "danger", "warning");
            connection.getStyleClass().add(next instanceof ConnectionState.Online ? "success"
                    : next instanceof ConnectionState.Failed ? "danger" : "warning");
        });
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox accountRow = new HBox(8, new VBox(2, account, connection), grow,
                ChatTrustView.ownDevicesButton(model.accountProperty()::get), ThemeSwitch.create());
        accountRow.setAlignment(Pos.CENTER_LEFT);
        Button connectNow = new Button(Strings.get("connection.connectNow"));
        connectNow.setId("connect-now");
        connectNow.getStyleClass().add("small");
        connectNow.setOnAction(e -> model.connectNow());
        connectNow.visibleProperty().bind(Bindings.createBooleanBinding(() -> {
            ConnectionState state = model.connectionStateProperty().get();
            return state instanceof ConnectionState.Reconnecting || state instanceof ConnectionState.Failed
                    || state instanceof ConnectionState.Offline;
        }, model.connectionStateProperty()));
        connectNow.managedProperty().bind(connectNow.visibleProperty());
        // the countdown to the next attempt, once a second while there is one
        javafx.animation.Timeline countdown = new javafx.animation.Timeline(new javafx.animation.KeyFrame(
                javafx.util.Duration.seconds(1), e -> model.refreshConnection()));
        countdown.setCycleCount(javafx.animation.Animation.INDEFINITE);
        model.connectionStateProperty().addListener((obs, old, next) -> {
            if (next instanceof ConnectionState.Reconnecting) {
                countdown.play();
            } else {
                countdown.stop();
            }
        });

        newChat.setId("new-chat");
        newChat.setPromptText(Strings.get("chats.new.prompt"));
        newChat.setAccessibleText(Strings.get("chats.new.prompt"));
        newChat.textProperty().bindBidirectional(model.newChatProperty());
        newChat.setOnAction(e -> startNewChat());
        Button start = Controls.iconButton(Material2AL.ADD_COMMENT, Strings.get("chats.new.start"));
        start.setId("new-chat-start");
        start.setOnAction(e -> startNewChat());
        HBox newChatRow = new HBox(4, newChat, start);
        HBox.setHgrow(newChat, Priority.ALWAYS);
        Label newChatError = new Label();
        newChatError.getStyleClass().addAll("danger", "text-small");
        newChatError.textProperty().bind(model.newChatErrorProperty());
        newChatError.visibleProperty().bind(model.newChatErrorProperty().isNotEmpty());
        newChatError.managedProperty().bind(newChatError.visibleProperty());

        list.setId("conversation-list");
        list.setItems(model.conversations());
        list.setCellFactory(view -> new ConversationCell(model::isPlaintextChosen));
        list.getStyleClass().add("conversation-list");
        list.setFixedCellSize(58); // every entry is two lines; a fixed size also spares measuring each cell
        list.setAccessibleText(Strings.get("chats.list"));
        Label empty = new Label(Strings.get("chats.empty"));
        empty.setWrapText(true);
        empty.getStyleClass().add("text-muted");
        empty.setPadding(new Insets(16));
        list.setPlaceholder(empty);
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, next) -> {
            if (next != null) {
                show(model.open(next.peer()));
            }
        });
        model.conversations().addListener((javafx.collections.ListChangeListener<ConversationSummary>) c -> reselect());

        VBox side = new VBox(10, accountRow, connectNow, newChatRow, newChatError, list);
        side.setPadding(new Insets(12));
        side.getStyleClass().add("sidebar");
        VBox.setVgrow(list, Priority.ALWAYS);
        side.setMinWidth(240);

        Label pick = new Label(Strings.get("chats.pick"));
        pick.getStyleClass().add("text-muted");
        pick.setId("chat-placeholder");
        chatArea.getChildren().setAll(pick);
        root.getItems().addAll(side, chatArea);
        root.setDividerPositions(0.3);
        SplitPane.setResizableWithParent(side, false);
        model.openChatProperty().addListener((obs, old, next) -> {
            if (next == null) {
                chatView = null;
                chatArea.getChildren().setAll(pick);
            } else {
                show(next);
            }
        });

        root.sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN),
                        newChat::requestFocus);
            }
        });
    }

    private void startNewChat() {
        model.startNewChat().ifPresent(chat -> {
            show(chat);
            chatView.focus();
        });
    }

    private void show(ChatViewModel chat) {
        if (chatView != null && chatView.model() == chat) {
            return;
        }
        chatView = new ChatView(chat);
        chatArea.getChildren().setAll(chatView.root());
        reselect();
    }

    private void reselect() {
        ChatViewModel open = model.openChatProperty().get();
        if (open == null) {
            return;
        }
        for (int i = 0; i < model.conversations().size(); i++) {
            if (model.conversations().get(i).peer().equals(open.peer())) {
                if (list.getSelectionModel().getSelectedIndex() != i) {
                    list.getSelectionModel().select(i);
                }
                return;
            }
        }
    }

    public Parent root() {
        return root;
    }

    /** The open chat's view, if any (tests). */
    public ChatView chatView() {
        return chatView;
    }

    Node list() {
        return list;
    }
}
