package org.sotto.app.chats;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.event.EventHandler;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

import org.sotto.app.chat.ChatView;
import org.sotto.app.chat.ChatViewModel;
import org.sotto.app.contacts.AddContactDialog;
import org.sotto.app.contacts.ContactDetailsView;
import org.sotto.app.contacts.ContactDetailsViewModel;
import org.sotto.app.contacts.ContactsViewModel;
import org.sotto.app.search.GlobalSearchView;
import org.sotto.app.rooms.RoomDetailsView;
import org.sotto.app.rooms.RoomDetailsViewModel;
import org.sotto.app.rooms.RoomDialog;
import org.sotto.app.rooms.RoomsViewModel;
import org.sotto.app.search.SearchView;
import org.sotto.app.search.SearchViewModel;
import org.sotto.app.switcher.SwitcherView;
import org.sotto.app.switcher.SwitcherViewModel;
import org.sotto.app.trust.ChatTrustView;
import org.sotto.app.ui.Controls;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.ThemeSwitch;
import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.HistoryFormat;
import org.sotto.core.api.contacts.Contact;
import org.sotto.core.api.room.Invitation;

/**
 * The main window: the chat list on the left (with an account filter when the profile has several), the open chat on
 * the right under the offline banner and the search bar; the quick switcher over everything. Keys: Ctrl+K switcher,
 * Ctrl+N new chat, Ctrl+Shift+N join or create a group chat, Ctrl+F search in the chat, Alt+Up/Down the
 * previous/next chat with unread messages, Esc closes the switcher or the search. Binds to a {@link ChatsViewModel}.
 */
public final class ChatsView {
    private final ChatsViewModel model;
    private final StackPane root = new StackPane();
    private final SplitPane split = new SplitPane();
    private final ListView<ChatEntry> list = new ListView<>();
    private final TextField newChat = new TextField();
    private final StackPane chatArea = new StackPane();
    private final BorderPane chatFrame = new BorderPane();
    private final VBox requestsBox = new VBox(6);
    private final Label contactsError = new Label();
    private final MapChangeListener<String, Contact> rosterListener = change -> list.refresh();
    private final ListChangeListener<String> requestsListener = change -> requestsChanged();
    private final VBox chatTop = new VBox();
    private HBox accountRow;
    private HBox connectionRow;
    private ChatView chatView;
    private ContactDetailsView details;
    private RoomDetailsView roomDetails;
    private final VBox invitationsBox = new VBox(6);
    /** Over an open room the user is invited to: the same invitation, with Join and Decline. */
    private final VBox roomBanner = new VBox();
    private final ListChangeListener<Invitation> invitationsListener = change -> invitationsChanged();
    private SwitcherView switcher;
    private SearchView search;
    private GlobalSearchView globalSearch;
    private ListChangeListener<ChatEntry> muteFollow;
    private ContextMenu entryMenu;

    public ChatsView(ChatsViewModel model) {
        this.model = model;
        split.setOrientation(Orientation.HORIZONTAL);
        split.getStyleClass().add("chats-view");
        root.getChildren().add(split);

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
        // the address beside the buttons, the state in words under both: neither is squeezed by the other; a long
        // address is cut short, and the tooltip says it whole
        Tooltip wholeAddress = new Tooltip();
        wholeAddress.textProperty().bind(account.textProperty());
        account.setTooltip(wholeAddress);
        account.setMinWidth(0);
        account.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(account, Priority.ALWAYS);
        accountRow = new HBox(8, account, ChatTrustView.ownDevicesButton(model.accountProperty()::get),
                ThemeSwitch.create());
        accountRow.setAlignment(Pos.CENTER_LEFT);
        connection.setMinHeight(Region.USE_PREF_SIZE);
        connection.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(connection, Priority.ALWAYS);
        connectionRow = new HBox(8, connection);
        connectionRow.setAlignment(Pos.CENTER_LEFT);
        VBox accountHeader = new VBox(2, accountRow, connectionRow);
        ComboBox<Account> accountFilter = accountFilter();
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
        Button rooms = Controls.iconButton(Material2AL.GROUP_ADD, Strings.get("rooms.open"));
        rooms.setId("open-rooms");
        rooms.setOnAction(e -> openRoomDialog(false));
        HBox newChatRow = new HBox(4, newChat, start, rooms, addContact);
        HBox.setHgrow(newChat, Priority.ALWAYS);
        Label newChatError = new Label();
        newChatError.getStyleClass().addAll("danger", "text-small");
        newChatError.textProperty().bind(model.newChatErrorProperty());
        newChatError.visibleProperty().bind(model.newChatErrorProperty().isNotEmpty());
        newChatError.managedProperty().bind(newChatError.visibleProperty());
        Label listError = new Label();
        listError.setId("chat-list-error");
        listError.getStyleClass().addAll("danger", "text-small");
        listError.setWrapText(true);
        listError.textProperty().bind(model.listErrorProperty());
        listError.visibleProperty().bind(model.listErrorProperty().isNotEmpty());
        listError.managedProperty().bind(listError.visibleProperty());
        Label exportResult = new Label();
        exportResult.setId("chat-export-result");
        exportResult.getStyleClass().add("text-small");
        exportResult.setWrapText(true);
        exportResult.textProperty().bind(model.exportResultProperty());
        exportResult.visibleProperty().bind(model.exportResultProperty().isNotEmpty());
        exportResult.managedProperty().bind(exportResult.visibleProperty());

        list.setId("conversation-list");
        list.setItems(model.conversations());
        list.setCellFactory(view -> new ConversationCell(model::isPlaintextChosen, model.avatars(),
                () -> model.filterProperty().get() == null && model.accounts().size() > 1,
                entry -> Optional.ofNullable(model.contactsProperty().get())
                        .filter(contacts -> entry.account() == model.accountProperty().get())
                        .flatMap(contacts -> contacts.contact(entry.peer())), model::mentions,
                (entry, muted) -> model.setMuted(entry.account(), entry.peer(), muted),
                (entry, pinned) -> model.setPinned(entry.account(), entry.peer(), pinned), this::exportHistory));
        // Shift+F10 or the menu key: the selected entry's menu. The keys are read here (not every platform turns them
        // into a context-menu request), and a request from the keyboard opens it only when it is not showing already
        list.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.CONTEXT_MENU || e.getCode() == KeyCode.F10 && e.isShiftDown()) {
                e.consume();
                showEntryMenu();
            }
        });
        list.setOnContextMenuRequested(e -> {
            if (e.isKeyboardTrigger()) {
                e.consume();
                if (entryMenu == null || !entryMenu.isShowing()) {
                    showEntryMenu();
                }
            }
        });
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
                show(model.open(next.account(), next.peer()));
            }
        });
        model.conversations().addListener((ListChangeListener<ChatEntry>) c -> reselect());

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

        invitationsBox.setId("room-invitations");
        invitationsBox.visibleProperty().bind(Bindings.isNotEmpty(invitationsBox.getChildren()));
        invitationsBox.managedProperty().bind(invitationsBox.visibleProperty());
        model.roomsProperty().addListener((obs, old, next) -> roomsChanged(old, next));
        roomsChanged(null, model.roomsProperty().get());

        VBox side = new VBox(10, accountHeader, connectNow, accountFilter, newChatRow, newChatError, requestsBox,
                invitationsBox, contactsError, listError, exportResult, list);
        side.setPadding(new Insets(12));
        side.getStyleClass().add("sidebar");
        VBox.setVgrow(list, Priority.ALWAYS);
        side.setMinWidth(240);

        Label pick = new Label(Strings.get("chats.pick"));
        pick.getStyleClass().add("text-muted");
        pick.setId("chat-placeholder");
        chatArea.getChildren().setAll(pick);
        chatFrame.setId("chat-frame");
        chatTop.getChildren().add(offlineBanner());
        BorderPane chatPane = new BorderPane(chatArea);
        chatPane.setTop(chatTop);
        split.getItems().addAll(side, chatPane);
        split.setDividerPositions(0.3);
        SplitPane.setResizableWithParent(side, false);
        model.openChatProperty().addListener((obs, old, next) -> {
            closeSearch();
            if (next == null) {
                chatView = null;
                closeDetails();
                chatArea.getChildren().setAll(pick);
            } else {
                show(next);
            }
        });

        // a filter on the scene, not accelerators: no control with the focus (a list's Down, say) can take them first
        EventHandler<KeyEvent> keys = this::shortcut;
        root.sceneProperty().addListener((obs, old, scene) -> {
            if (old != null) {
                old.removeEventFilter(KeyEvent.KEY_PRESSED, keys);
            }
            if (scene != null) {
                scene.addEventFilter(KeyEvent.KEY_PRESSED, keys);
            }
        });
    }

    /** Ctrl+N, Ctrl+Shift+N, Ctrl+K, Ctrl+F, Ctrl+Shift+F, Alt+Up and Alt+Down. */
    private void shortcut(KeyEvent e) {
        boolean shortcut = e.isShortcutDown() && !e.isAltDown() && !e.isShiftDown();
        boolean alt = e.isAltDown() && !e.isShortcutDown() && !e.isShiftDown();
        boolean shortcutShift = e.isShortcutDown() && e.isShiftDown() && !e.isAltDown();
        if (shortcutShift && e.getCode() == KeyCode.F) {
            openGlobalSearch();
        } else if (shortcut && e.getCode() == KeyCode.N) {
            newChat.requestFocus();
        } else if (shortcutShift && e.getCode() == KeyCode.N) {
            openRoomDialog(false);
        } else if (shortcut && e.getCode() == KeyCode.K) {
            openSwitcher();
        } else if (shortcut && e.getCode() == KeyCode.F) {
            openSearch();
        } else if (alt && (e.getCode() == KeyCode.DOWN || e.getCode() == KeyCode.UP)) {
            nextUnread(e.getCode() == KeyCode.DOWN);
        } else {
            return;
        }
        e.consume();
    }

    /** "All accounts" or one of them; shown only when the profile has more than one. */
    private ComboBox<Account> accountFilter() {
        ComboBox<Account> filter = new ComboBox<>();
        filter.setId("account-filter");
        filter.setAccessibleText(Strings.get("accounts.filter"));
        filter.setTooltip(new Tooltip(Strings.get("accounts.filter")));
        filter.setMaxWidth(Double.MAX_VALUE);
        StringConverter<Account> words = new StringConverter<>() {
            @Override
            public String toString(Account account) {
                return account == null ? Strings.get("accounts.all") : account.jid();
            }

            @Override
            public Account fromString(String text) {
                return null;
            }
        };
        filter.setConverter(words);
        filter.setButtonCell(new ListCell<>() {
            @Override
            protected void updateItem(Account item, boolean empty) {
                super.updateItem(item, empty);
                setText(words.toString(item)); // the empty cell too: null is "All accounts"
            }
        });
        Runnable items = () -> {
            List<Account> all = new ArrayList<>();
            all.add(null);
            all.addAll(model.accounts());
            filter.getItems().setAll(all);
            filter.setValue(model.filterProperty().get());
        };
        items.run();
        model.accounts().addListener((ListChangeListener<Account>) c -> items.run());
        filter.valueProperty().addListener((obs, old, next) -> {
            if (model.filterProperty().get() != next) {
                model.filterProperty().set(next);
            }
        });
        model.filterProperty().addListener((obs, old, next) -> filter.setValue(next));
        filter.visibleProperty().bind(Bindings.size(model.accounts()).greaterThan(1));
        filter.managedProperty().bind(filter.visibleProperty());
        return filter;
    }

    /** Over the chat while its account is not online: the state in words (with the countdown) and "Try now". */
    private Node offlineBanner() {
        Label words = new Label();
        words.setId("offline-banner-text");
        words.setWrapText(true);
        words.textProperty().bind(model.connectionProperty());
        words.setGraphic(new FontIcon(Material2AL.CLOUD_OFF));
        Button tryNow = new Button(Strings.get("offline.tryNow"));
        tryNow.setId("offline-try-now");
        tryNow.getStyleClass().add("small");
        tryNow.setOnAction(e -> model.connectNow());
        tryNow.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> !(model.connectionStateProperty().get() instanceof ConnectionState.Connecting),
                model.connectionStateProperty()));
        tryNow.managedProperty().bind(tryNow.visibleProperty());
        tryNow.setMinWidth(Region.USE_PREF_SIZE); // the words wrap, the button keeps its text
        words.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(words, Priority.ALWAYS);
        HBox banner = new HBox(12, words, tryNow);
        banner.setId("offline-banner");
        banner.getStyleClass().add("offline-banner");
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.setPadding(new Insets(8, 16, 8, 16));
        banner.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> model.openChatProperty().get() != null && model.connectionStateProperty().get() != null
                        && !(model.connectionStateProperty().get() instanceof ConnectionState.Online)
                        && model.accountProperty().get() != null && !model.accountProperty().get().historyOnly(),
                model.openChatProperty(), model.connectionStateProperty(), model.accountProperty()));
        banner.managedProperty().bind(banner.visibleProperty());
        return banner;
    }

    /** Ctrl+K: the quick switcher over the window. */
    public void openSwitcher() {
        if (switcher != null) {
            switcher.focus();
            return;
        }
        closeGlobalSearch();
        SwitcherViewModel switcherModel = new SwitcherViewModel(model);
        switcher = new SwitcherView(switcherModel, chat -> {
            closeSwitcher();
            show(chat);
            chatView.focus();
        }, this::closeSwitcher);
        root.getChildren().add(switcher.root());
        switcher.focus();
    }

    private void closeSwitcher() {
        if (switcher != null) {
            root.getChildren().remove(switcher.root());
            switcher = null;
            if (chatView != null) {
                chatView.focus();
            }
        }
    }

    /** Ctrl+Shift+F: the search in every chat, over the window; a hit opens its chat there. */
    public void openGlobalSearch() {
        if (globalSearch != null) {
            globalSearch.focus();
            return;
        }
        closeSwitcher();
        globalSearch = new GlobalSearchView(model.searchAllChats(), hit -> {
            closeGlobalSearch();
            closeSearch();
            show(model.openAt(hit));
            chatView.focus();
        }, this::closeGlobalSearch);
        root.getChildren().add(globalSearch.root());
        globalSearch.focus();
    }

    private void closeGlobalSearch() {
        if (globalSearch != null) {
            root.getChildren().remove(globalSearch.root());
            globalSearch = null;
            if (chatView != null) {
                chatView.focus();
            }
        }
    }

    /** Ctrl+F: the search bar over the open chat (nothing without one). */
    public void openSearch() {
        ChatViewModel chat = model.openChatProperty().get();
        if (chat == null) {
            return;
        }
        if (search != null) {
            search.focus();
            return;
        }
        SearchViewModel searchModel = model.searchOpenChat().orElseThrow();
        search = new SearchView(searchModel, chat.title(), hit -> {
            search.collapse();
            chat.showMessage(hit.key());
        }, this::closeSearch);
        chatTop.getChildren().add(search.root());
        search.focus();
    }

    private void closeSearch() {
        if (search != null) {
            chatTop.getChildren().remove(search.root());
            search = null;
            if (chatView != null) {
                chatView.focus();
            }
        }
    }

    private void nextUnread(boolean forward) {
        model.openNextUnread(forward).ifPresent(chat -> {
            show(chat);
            chatView.focus();
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
        // the list's "key changed" tag follows the open chat's warning (shown, or gone once the key is accepted)
        chat.trust().keyChangedProperty().addListener((obs, old, next) -> list.refresh());
        boolean room = chat.isRoom();
        boolean detailsWereOpen = details != null || roomDetails != null;
        closeDetails();
        if (!room) {
            Button info = Controls.iconButton(Material2AL.INFO, Strings.get("contacts.details.open"));
            info.setId("contact-details-open");
            info.setOnAction(e -> toggleDetails(chat.peer()));
            chatView.addHeaderAction(info);
        } else {
            Button info = Controls.iconButton(Material2AL.INFO, Strings.get("rooms.details.open"));
            info.setId("room-details-open");
            info.setOnAction(e -> toggleRoomDetails(chat));
            chatView.addHeaderAction(info);
        }
        chatView.addHeaderAction(muteButton(chat));
        chatFrame.setCenter(chatView.root());
        chatFrame.setTop(room ? roomBanner : requestBanner(chat.peer()));
        if (room) {
            invitationsChanged();
        }
        chatArea.getChildren().setAll(chatFrame);
        if (detailsWereOpen) {
            if (room) {
                toggleRoomDetails(chat);
            } else {
                toggleDetails(chat.peer());
            }
        }
        reselect();
    }

    private void showEntryMenu() {
        ChatEntry selected = list.getSelectionModel().getSelectedItem();
        if (selected == null) {
            return;
        }
        entryMenu = ConversationCell.menu(selected,
                (entry, muted) -> model.setMuted(entry.account(), entry.peer(), muted),
                (entry, pinned) -> model.setPinned(entry.account(), entry.peer(), pinned), this::exportHistory);
        entryMenu.setId("chat-entry-menu");
        Bounds cell = list.lookupAll(".list-cell").stream().filter(n -> n instanceof ListCell<?> c
                && c.getItem() == selected).findFirst().map(n -> n.localToScreen(n.getBoundsInLocal()))
                .orElse(list.localToScreen(list.getBoundsInLocal()));
        entryMenu.show(list, cell.getMinX() + 24, cell.getMaxY());
    }

    /** Asks where to write the chat's history and in which form (the file chooser's type), then writes it. */
    private void exportHistory(ChatEntry entry) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(Strings.get("chats.export.title", entry.title()));
        FileChooser.ExtensionFilter text = new FileChooser.ExtensionFilter(Strings.get("chats.export.text"), "*.txt");
        FileChooser.ExtensionFilter json = new FileChooser.ExtensionFilter(Strings.get("chats.export.json"), "*.json");
        chooser.getExtensionFilters().addAll(text, json);
        chooser.setInitialFileName(entry.peer().replace('@', '_') + ".txt");
        File file = chooser.showSaveDialog(list.getScene().getWindow());
        if (file != null) {
            boolean asJson = chooser.getSelectedExtensionFilter() == json || file.getName().endsWith(".json");
            model.exportHistory(entry.account(), entry.peer(), file.toPath(),
                    asJson ? HistoryFormat.JSON : HistoryFormat.TEXT);
        }
    }

    /** The chat header's bell: mutes or unmutes the chat, its icon and words following the list's entry. */
    private Button muteButton(ChatViewModel chat) {
        Button mute = Controls.iconButton(Material2MZ.NOTIFICATIONS, Strings.get("chats.mute"));
        mute.setId("chat-mute-toggle");
        Runnable update = () -> {
            boolean muted = model.entry(chat.accountJid(), chat.peer()).map(ChatEntry::muted).orElse(false);
            String words = muted ? Strings.get("chats.unmute") : Strings.get("chats.mute");
            ((FontIcon) mute.getGraphic())
                    .setIconCode(muted ? Material2MZ.NOTIFICATIONS_OFF : Material2MZ.NOTIFICATIONS);
            mute.setAccessibleText(words);
            mute.getTooltip().setText(words);
            mute.setDisable(model.entry(chat.accountJid(), chat.peer()).isEmpty()); // no message yet: no entry
        };
        update.run();
        if (muteFollow != null) {
            model.conversations().removeListener(muteFollow);
        }
        muteFollow = c -> update.run();
        model.conversations().addListener(muteFollow);
        mute.setOnAction(e -> model.entry(chat.accountJid(), chat.peer()).ifPresent(entry ->
                model.setMuted(entry.account(), entry.peer(), !entry.muted())));
        return mute;
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
        if (roomDetails != null) {
            roomDetails.model().close();
            roomDetails = null;
            chatFrame.setRight(null);
        }
    }

    /** The room's pane: members, nickname, bookmark, invite, leave. */
    private void toggleRoomDetails(ChatViewModel chat) {
        boolean same = roomDetails != null && roomDetails.model().room().equals(chat.peer());
        closeDetails();
        Account owner = model.accounts().stream().filter(a -> a.jid().equals(chat.accountJid())).findFirst()
                .orElse(null);
        if (same || owner == null) {
            return;
        }
        RoomDetailsViewModel details = new RoomDetailsViewModel(owner, chat.peer(), chat.title(), UiExecutor.fx(),
                () -> model.left(chat.peer()));
        details.start();
        roomDetails = new RoomDetailsView(details, this::closeDetails);
        chatFrame.setRight(roomDetails.root());
    }

    /** Join or create a room (the group button, Ctrl+Shift+N). */
    public Optional<RoomDialog> openRoomDialog(boolean create) {
        RoomsViewModel rooms = model.roomsProperty().get();
        if (rooms == null) {
            return Optional.empty();
        }
        RoomDialog dialog = new RoomDialog(rooms, root.getScene() == null ? null : root.getScene().getWindow());
        dialog.show(create);
        return Optional.of(dialog);
    }

    /** The invitations of the account in focus, above the chat list. */
    private void roomsChanged(RoomsViewModel old, RoomsViewModel next) {
        if (old != null) {
            old.invitations().removeListener(invitationsListener);
        }
        if (next != null) {
            next.invitations().addListener(invitationsListener);
        }
        invitationsChanged();
    }

    /** "bob invites you to plans@…": a nickname field, Accept and Decline, and the refusal in words. */
    private void invitationsChanged() {
        RoomsViewModel rooms = model.roomsProperty().get();
        invitationsBox.getChildren().clear();
        roomBanner.getChildren().clear();
        if (rooms == null) {
            return;
        }
        ChatViewModel open = model.openChatProperty().get();
        for (Invitation invitation : rooms.invitations()) {
            invitationsBox.getChildren().add(invitation(rooms, invitation, "room-invitation"));
            if (open != null && open.peer().equals(invitation.room()) && open.accountJid().equals(rooms.accountJid())) {
                roomBanner.getChildren().setAll(invitation(rooms, invitation, "room-invitation-banner"));
            }
        }
    }

    private Node invitation(RoomsViewModel rooms, Invitation invitation, String style) {
        Label text = new Label(RoomsViewModel.invitationText(invitation), new FontIcon(Material2AL.GROUP_ADD));
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        TextField nickname = new TextField(rooms.defaultNickname());
        nickname.getStyleClass().addAll("small", "invitation-nickname");
        nickname.setAccessibleText(Strings.get("rooms.nickname"));
        nickname.setTooltip(new Tooltip(Strings.get("rooms.nickname")));
        nickname.setPrefColumnCount(8);
        nickname.setMaxWidth(220);
        Label error = new Label();
        error.getStyleClass().addAll("danger", "text-small", "invitation-error");
        error.setWrapText(true);
        error.setMinHeight(Region.USE_PREF_SIZE);
        error.visibleProperty().bind(error.textProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        Button accept = new Button(Strings.get("rooms.invitation.accept"));
        accept.getStyleClass().addAll("accent", "small", "invitation-accept");
        Button decline = new Button(Strings.get("rooms.invitation.decline"));
        decline.getStyleClass().addAll("small", "invitation-decline");
        Runnable acceptNow = () -> {
            accept.setDisable(true);
            rooms.accept(invitation, nickname.getText()).thenAccept(failure -> {
                accept.setDisable(false);
                error.setText(failure.orElse(""));
            });
        };
        accept.setOnAction(e -> acceptNow.run());
        nickname.setOnAction(e -> acceptNow.run());
        decline.setOnAction(e -> rooms.decline(invitation).thenAccept(failure -> error.setText(failure.orElse(""))));
        accept.setMinWidth(Region.USE_PREF_SIZE);
        decline.setMinWidth(Region.USE_PREF_SIZE);
        HBox actions = new HBox(6, nickname, accept, decline);
        actions.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(nickname, Priority.ALWAYS);
        VBox entry = new VBox(6, text, actions, error);
        entry.getStyleClass().add(style);
        return entry;
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
            if (model.conversations().get(i).is(open.accountJid(), open.peer())) {
                if (list.getSelectionModel().getSelectedIndex() != i) {
                    list.getSelectionModel().select(i);
                }
                return;
            }
        }
    }

    /** Controls the window adds after the connection's state in words (the user's own availability). */
    public void addConnectionControls(Node... controls) {
        connectionRow.getChildren().addAll(controls);
    }

    /** Buttons the window adds beside the theme switch (settings, lock). */
    public void addSidebarButtons(Node... buttons) {
        accountRow.getChildren().addAll(accountRow.getChildren().size() - 1, List.of(buttons));
    }

    public Parent root() {
        return root;
    }

    /** The quick switcher while it shows (tests). */
    public Optional<SwitcherView> switcher() {
        return Optional.ofNullable(switcher);
    }

    /** The search in every chat while it shows (tests). */
    public Optional<GlobalSearchView> globalSearch() {
        return Optional.ofNullable(globalSearch);
    }

    /** The search bar while it shows (tests). */
    public Optional<SearchView> search() {
        return Optional.ofNullable(search);
    }

    /** The open chat's view, if any (tests). */
    public ChatView chatView() {
        return chatView;
    }

    Node list() {
        return list;
    }

}
