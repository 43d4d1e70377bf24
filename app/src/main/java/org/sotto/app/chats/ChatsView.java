package org.sotto.app.chats;

import java.util.Optional;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
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
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

import org.sotto.app.chat.ChatView;
import org.sotto.app.chat.ChatViewModel;
import org.sotto.app.contacts.AddContactDialog;
import org.sotto.app.contacts.ContactDetailsView;
import org.sotto.app.contacts.ContactDetailsViewModel;
import org.sotto.app.contacts.ContactsViewModel;
import org.sotto.app.ui.Controls;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.ThemeSwitch;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ConversationSummary;
import org.sotto.core.api.contacts.Contact;

/** The main window: the chat list on the left, the open chat on the right; binds to a {@link ChatsViewModel}. */
public final class ChatsView {
    private final ChatsViewModel model;
    private final SplitPane root = new SplitPane();
    private final ListView<ConversationSummary> list = new ListView<>();
    private final TextField newChat = new TextField();
    private final StackPane chatArea = new StackPane();
    private final BorderPane chatFrame = new BorderPane();
    private final VBox requestsBox = new VBox(6);
    private final Label contactsError = new Label();
    private final MapChangeListener<String, Contact> rosterListener = change -> list.refresh();
    private final ListChangeListener<String> requestsListener = change -> requestsChanged();
    private ChatView chatView;
    private ContactDetailsView details;

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
        HBox accountRow = new HBox(8, new VBox(2, account, connection), grow, ThemeSwitch.create());
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
        Button addContact = Controls.iconButton(Material2MZ.PERSON_ADD, Strings.get("contacts.add.open"));
        addContact.setId("add-contact");
        addContact.setOnAction(e -> addContact());
        HBox newChatRow = new HBox(4, newChat, start, addContact);
        HBox.setHgrow(newChat, Priority.ALWAYS);
        Label newChatError = new Label();
        newChatError.getStyleClass().addAll("danger", "text-small");
        newChatError.textProperty().bind(model.newChatErrorProperty());
        newChatError.visibleProperty().bind(model.newChatErrorProperty().isNotEmpty());
        newChatError.managedProperty().bind(newChatError.visibleProperty());

        list.setId("conversation-list");
        list.setItems(model.conversations());
        list.setCellFactory(view -> new ConversationCell(model::isPlaintextChosen, peer -> Optional
                .ofNullable(model.contactsProperty().get()).flatMap(contacts -> contacts.contact(peer))));
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
        model.conversations().addListener((ListChangeListener<ConversationSummary>) c -> reselect());

        requestsBox.setId("subscription-requests");
        requestsBox.visibleProperty().bind(Bindings.isNotEmpty(requestsBox.getChildren()));
        requestsBox.managedProperty().bind(requestsBox.visibleProperty());
        contactsError.setId("contacts-error");
        contactsError.getStyleClass().addAll("danger", "text-small");
        contactsError.setWrapText(true);
        contactsError.setMinHeight(Region.USE_PREF_SIZE);
        contactsError.visibleProperty().bind(contactsError.textProperty().isNotEmpty());
        contactsError.managedProperty().bind(contactsError.visibleProperty());
        model.contactsProperty().addListener((obs, old, next) -> contactsChanged(old, next));
        contactsChanged(null, model.contactsProperty().get());

        VBox side = new VBox(10, accountRow, connectNow, newChatRow, newChatError, requestsBox, contactsError, list);
        side.setPadding(new Insets(12));
        side.getStyleClass().add("sidebar");
        VBox.setVgrow(list, Priority.ALWAYS);
        side.setMinWidth(240);

        Label pick = new Label(Strings.get("chats.pick"));
        pick.getStyleClass().add("text-muted");
        pick.setId("chat-placeholder");
        chatArea.getChildren().setAll(pick);
        chatFrame.setId("chat-frame");
        root.getItems().addAll(side, chatArea);
        root.setDividerPositions(0.3);
        SplitPane.setResizableWithParent(side, false);
        model.openChatProperty().addListener((obs, old, next) -> {
            if (next == null) {
                chatView = null;
                closeDetails();
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
        boolean room = model.conversations().stream()
                .anyMatch(c -> c.peer().equals(chat.peer()) && c.kind() == ChatKind.GROUPCHAT);
        boolean detailsWereOpen = details != null;
        closeDetails();
        if (!room) {
            Button info = Controls.iconButton(Material2AL.INFO, Strings.get("contacts.details.open"));
            info.setId("contact-details-open");
            info.setOnAction(e -> toggleDetails(chat.peer()));
            chatView.addHeaderAction(info);
        }
        chatFrame.setCenter(chatView.root());
        chatFrame.setTop(room ? null : requestBanner(chat.peer()));
        chatArea.getChildren().setAll(chatFrame);
        if (detailsWereOpen && !room) {
            toggleDetails(chat.peer());
        }
        reselect();
    }

    /** Follows the shown account's contacts: presence dots, requests, errors. */
    private void contactsChanged(ContactsViewModel old, ContactsViewModel next) {
        if (old != null) {
            old.contacts().removeListener(rosterListener);
            old.requests().removeListener(requestsListener);
            contactsError.textProperty().unbind();
        }
        closeDetails();
        if (next != null) {
            next.contacts().addListener(rosterListener);
            next.requests().addListener(requestsListener);
            contactsError.textProperty().bind(next.errorProperty());
        } else {
            contactsError.setText("");
        }
        requestsChanged();
        list.refresh();
    }

    /** One entry per request above the chat list, and the banner in the open chat of that person. */
    private void requestsChanged() {
        ContactsViewModel contacts = model.contactsProperty().get();
        requestsBox.getChildren().clear();
        if (contacts == null) {
            return;
        }
        for (String from : contacts.requests()) {
            Label text = new Label(Strings.get("contacts.request.entry", from));
            text.setWrapText(true);
            text.setMinHeight(Region.USE_PREF_SIZE);
            Button accept = new Button(Strings.get("contacts.request.accept"));
            accept.getStyleClass().addAll("accent", "small", "request-accept");
            accept.setOnAction(e -> contacts.accept(from));
            Button deny = new Button(Strings.get("contacts.request.deny"));
            deny.getStyleClass().addAll("small", "request-deny");
            deny.setOnAction(e -> contacts.deny(from));
            VBox entry = new VBox(6, text, new HBox(6, accept, deny));
            entry.getStyleClass().add("subscription-request");
            requestsBox.getChildren().add(entry);
        }
    }

    /** "bob wants to see when you are online": Accept / Deny, shown while the request is open. */
    private Node requestBanner(String peer) {
        Label text = new Label(Strings.get("contacts.request.banner", peer), new FontIcon(Material2MZ.PERSON_ADD));
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        text.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(text, Priority.ALWAYS);
        Button accept = new Button(Strings.get("contacts.request.accept"));
        accept.setId("banner-accept");
        accept.getStyleClass().addAll("accent", "small");
        accept.setOnAction(e -> model.contactsProperty().get().accept(peer));
        Button deny = new Button(Strings.get("contacts.request.deny"));
        deny.setId("banner-deny");
        deny.getStyleClass().add("small");
        deny.setOnAction(e -> model.contactsProperty().get().deny(peer));
        accept.setMinWidth(Region.USE_PREF_SIZE); // the sentence wraps, the buttons keep their words
        deny.setMinWidth(Region.USE_PREF_SIZE);
        HBox banner = new HBox(8, text, accept, deny);
        banner.setId("subscription-banner");
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.getStyleClass().add("subscription-banner");
        // the entries above the list are rebuilt on every change of the requests: the banner follows them
        banner.visibleProperty().bind(Bindings.createBooleanBinding(() -> model.contactsProperty().get() != null
                && model.contactsProperty().get().requests().contains(peer), model.contactsProperty(),
                requestsBox.getChildren()));
        banner.managedProperty().bind(banner.visibleProperty());
        return banner;
    }

    private void toggleDetails(String peer) {
        boolean same = details != null && details.model().jid().equals(peer);
        closeDetails();
        ContactsViewModel contacts = model.contactsProperty().get();
        if (same || contacts == null) {
            return;
        }
        details = new ContactDetailsView(new ContactDetailsViewModel(contacts, peer), this::closeDetails);
        chatFrame.setRight(details.root());
    }

    private void closeDetails() {
        if (details != null) {
            details.model().close();
            details = null;
            chatFrame.setRight(null);
        }
    }

    private void addContact() {
        ContactsViewModel contacts = model.contactsProperty().get();
        if (contacts != null) {
            String typed = newChat.getText().strip();
            new AddContactDialog(contacts, root.getScene() == null ? null : root.getScene().getWindow(), typed).show();
        }
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
