package org.sotto.app.chats;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.sotto.app.chat.ChatViewModel;
import org.sotto.app.contacts.ContactsViewModel;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ConversationSummary;
import org.sotto.core.api.event.Subscription;

/**
 * The main window: one account's chat list (from {@code Chats.conversationList()}, kept up to date by core), its
 * connection state in words, and the open chat. Opening a chat closes the one before, so only the shown chat is
 * followed.
 */
public final class ChatsViewModel {
    private final SottoProfile profile;
    private final UiExecutor ui;
    private final ObservableList<Account> accounts = FXCollections.observableArrayList();
    private final ObjectProperty<Account> account = new SimpleObjectProperty<>();
    private final ObservableList<ConversationSummary> conversations = FXCollections.observableArrayList();
    private final StringProperty connection = new SimpleStringProperty("");
    private final ObjectProperty<ConnectionState> connectionState = new SimpleObjectProperty<>();
    private final ObjectProperty<ChatViewModel> openChat = new SimpleObjectProperty<>();
    private final StringProperty newChat = new SimpleStringProperty("");
    private final StringProperty newChatError = new SimpleStringProperty("");
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final ObjectProperty<ContactsViewModel> contacts = new SimpleObjectProperty<>();

    public ChatsViewModel(SottoProfile profile, UiExecutor ui) {
        this.profile = Objects.requireNonNull(profile);
        this.ui = Objects.requireNonNull(ui);
        accounts.setAll(profile.accounts().list());
        account.addListener((obs, old, next) -> follow(next));
        newChat.addListener((obs, old, next) -> newChatError.set(""));
        if (!accounts.isEmpty()) {
            account.set(accounts.get(0));
        }
    }

    private void follow(Account next) {
        closeChat();
        subscriptions.forEach(Subscription::close);
        subscriptions.clear();
        conversations.clear();
        closeContacts();
        if (next == null) {
            return;
        }
        ContactsViewModel nextContacts = new ContactsViewModel(profile, next, ui);
        nextContacts.start();
        contacts.set(nextContacts);
        subscriptions.add(next.state().subscribe(state -> ui.execute(() -> {
            if (account.get() == next) {
                connectionState.set(state);
                connection.set(describe(state));
            }
        })));
        subscriptions.add(next.chats().conversationList().subscribe(list -> ui.execute(() -> {
            if (account.get() == next) {
                conversations.setAll(list);
            }
        })));
    }

    /** Says the connection state again (the view calls it every second while a reconnect is counted down). */
    public void refreshConnection() {
        ConnectionState state = connectionState.get();
        if (state != null) {
            connection.set(describe(state));
        }
    }

    /** "Connect now": starts an attempt at once instead of waiting for the next retry (or after a failure). */
    public void connectNow() {
        Account current = account.get();
        if (current != null && !(connectionState.get() instanceof ConnectionState.Online)) {
            current.connect();
        }
    }

    static String describe(ConnectionState state) {
        if (state instanceof ConnectionState.Online) {
            return Strings.get("connection.online");
        } else if (state instanceof ConnectionState.Connecting) {
            return Strings.get("connection.connecting");
        } else if (state instanceof ConnectionState.Reconnecting reconnecting) {
            long seconds = Math.max(0, Duration.between(Instant.now(),
                    reconnecting.nextAttempt()).toSeconds());
            return Strings.get("connection.reconnecting", Strings.of("failure", reconnecting.cause().reason()), seconds);
        } else if (state instanceof ConnectionState.Failed failed) {
            return Strings.get("connection.failed", Strings.of("failure", failed.failure().reason()));
        }
        return Strings.get("connection.offline");
    }

    /** Whether the user chose plaintext for the chat with {@code peer} (a set in memory; nothing is read). */
    public boolean isPlaintextChosen(String peer) {
        return account.get() != null && account.get().trust().isPlaintext(peer);
    }

    /** Opens the chat with {@code peer}, closing the one before. */
    public ChatViewModel open(String peer) {
        ChatViewModel current = openChat.get();
        if (current != null && current.peer().equals(peer)) {
            return current;
        }
        closeChat();
        // core's current list: the one here may not have had its first delivery yet
        String title = account.get().chats().conversationList().get().stream().filter(c -> c.peer().equals(peer))
                .map(ConversationSummary::title).findFirst().orElse(peer);
        ChatViewModel chat = new ChatViewModel(profile, account.get(), peer, title, ui);
        chat.start();
        openChat.set(chat);
        return chat;
    }

    /** Opens a chat with the address typed into the new-chat field, if it is one. */
    public Optional<ChatViewModel> startNewChat() {
        String address = newChat.get().strip().toLowerCase(Locale.ROOT);
        int at = address.indexOf('@');
        if (account.get() == null || at <= 0 || at == address.length() - 1 || address.indexOf('@', at + 1) >= 0
                || address.contains("/") || address.chars().anyMatch(Character::isWhitespace)) {
            newChatError.set(Strings.get("chats.new.invalid"));
            return Optional.empty();
        }
        newChat.set("");
        return Optional.of(open(address));
    }

    public void closeChat() {
        ChatViewModel current = openChat.get();
        if (current != null) {
            current.close();
            openChat.set(null);
        }
    }

    private void closeContacts() {
        if (contacts.get() != null) {
            contacts.get().close();
            contacts.set(null);
        }
    }

    /** Stops following everything (the window closes). */
    public void close() {
        closeChat();
        closeContacts();
        subscriptions.forEach(Subscription::close);
        subscriptions.clear();
    }

    /** The shown account's contacts, requests and block list. */
    public ReadOnlyObjectProperty<ContactsViewModel> contactsProperty() {
        return contacts;
    }

    public ObservableList<Account> accounts() {
        return accounts;
    }

    public ObjectProperty<Account> accountProperty() {
        return account;
    }

    /** The chat list: pinned first, then the most recent. */
    public ObservableList<ConversationSummary> conversations() {
        return conversations;
    }

    public ReadOnlyStringProperty connectionProperty() {
        return connection;
    }

    public ReadOnlyObjectProperty<ConnectionState> connectionStateProperty() {
        return connectionState;
    }

    public ReadOnlyObjectProperty<ChatViewModel> openChatProperty() {
        return openChat;
    }

    public StringProperty newChatProperty() {
        return newChat;
    }

    public ReadOnlyStringProperty newChatErrorProperty() {
        return newChatError;
    }
}
