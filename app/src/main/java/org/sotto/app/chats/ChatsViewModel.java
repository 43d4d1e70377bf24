package org.sotto.app.chats;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.sotto.app.chat.ChatViewModel;
import org.sotto.app.contacts.ContactsViewModel;
import org.sotto.app.search.GlobalSearchViewModel;
import org.sotto.app.rooms.Mentions;
import org.sotto.app.rooms.RoomsViewModel;
import org.sotto.app.search.SearchViewModel;
import org.sotto.app.settings.UserSettings;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountSummary;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.HistoryFormat;
import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.ConversationSummary;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.event.OccupantsChanged;
import org.sotto.core.api.event.UnreadCountChanged;
import org.sotto.core.api.event.Subscription;

/**
 * The main window: the chat list of every account of the profile or of the one chosen ({@link #filterProperty()},
 * from each account's {@code Chats.conversationList()}, kept up to date by core), the connection state in words of
 * the account in focus (the open chat's, else the chosen one, else the first), the unread total, and the open chat.
 * Opening a chat closes the one before, so only the shown chat is followed.
 */
public final class ChatsViewModel {
    /** Pinned first, then the most recent: core's order, for a list merged from several accounts. */
    private static final Comparator<ChatEntry> ORDER = Comparator.comparing((ChatEntry e) -> !e.pinned())
            .thenComparing(e -> e.newest().timestamp(), Comparator.reverseOrder());

    private final SottoProfile profile;
    private final UiExecutor ui;
    private final ObservableList<Account> accounts = FXCollections.observableArrayList();
    private final ObjectProperty<Account> filter = new SimpleObjectProperty<>();
    private final ObjectProperty<Account> account = new SimpleObjectProperty<>();
    private final ObservableList<ChatEntry> conversations = FXCollections.observableArrayList();
    private final Map<Account, List<ConversationSummary>> lists = new LinkedHashMap<>();
    private final Map<Account, ConnectionState> states = new HashMap<>();
    private final Map<Account, List<Subscription>> followed = new HashMap<>();
    private final IntegerProperty unreadTotal = new SimpleIntegerProperty();
    private final StringProperty connection = new SimpleStringProperty("");
    private final ObjectProperty<ConnectionState> connectionState = new SimpleObjectProperty<>();
    private final ObjectProperty<ChatViewModel> openChat = new SimpleObjectProperty<>();
    private Account openAccount;
    private final StringProperty newChat = new SimpleStringProperty("");
    private final StringProperty newChatError = new SimpleStringProperty("");
    private final StringProperty listError = new SimpleStringProperty("");
    /** What the last export of a chat's history did, in words ("" before any). */
    private final StringProperty exportResult = new SimpleStringProperty("");
    private final ObjectProperty<ContactsViewModel> contacts = new SimpleObjectProperty<>();
    private final ObjectProperty<RoomsViewModel> rooms = new SimpleObjectProperty<>();
    /** When the window first saw the user in a room that has no message yet: its place in the list. */
    private final Map<String, Instant> joinedSince = new HashMap<>();
    /** Unread messages naming the user, per room (account and room), counted from the messages arriving. */
    private final Map<String, Integer> mentions = new HashMap<>();
    private final Subscription accountList;
    private final ChatAvatars avatars;
    private final ChangeListener<Number> autoDownload = (obs, old, next) -> lists.keySet()
            .forEach(ChatsViewModel::applyAutoDownload);
    private boolean closed;

    public ChatsViewModel(SottoProfile profile, UiExecutor ui) {
        this.profile = Objects.requireNonNull(profile);
        this.ui = Objects.requireNonNull(ui);
        this.avatars = new ChatAvatars(profile, ui);
        newChat.addListener((obs, old, next) -> newChatError.set(""));
        filter.addListener((obs, old, next) -> {
            rebuild();
            focus();
        });
        UserSettings.global().autoDownloadMiBProperty().addListener(autoDownload);
        syncAccounts();
        // an account added or removed elsewhere (another window's sign-in, the command line) joins or leaves
        accountList = profile.accounts().accountList().subscribe(list -> ui.execute(() -> {
            if (!closed && !list.stream().map(AccountSummary::jid).toList()
                    .equals(accounts.stream().map(Account::jid).toList())) {
                syncAccounts();
            }
        }));
    }

    private void syncAccounts() {
        List<? extends Account> now = profile.accounts().list();
        for (Account gone : new ArrayList<>(lists.keySet())) {
            if (!now.contains(gone)) {
                followed.remove(gone).forEach(Subscription::close);
                lists.remove(gone);
                states.remove(gone);
            }
        }
        for (Account added : now) {
            if (!lists.containsKey(added)) {
                follow(added);
            }
        }
        accounts.setAll(now);
        if (filter.get() != null && !now.contains(filter.get())) {
            filter.set(null);
        }
        rebuild();
        focus();
    }

    private void follow(Account next) {
        lists.put(next, List.of());
        applyAutoDownload(next);
        List<Subscription> subscriptions = new ArrayList<>();
        subscriptions.add(next.state().subscribe(state -> ui.execute(() -> {
            if (lists.containsKey(next)) {
                states.put(next, state);
                if (account.get() == next) {
                    connectionState.set(state);
                    connection.set(describe(state));
                }
            }
        })));
        subscriptions.add(next.chats().conversationList().subscribe(list -> ui.execute(() -> {
            if (lists.containsKey(next)) {
                lists.put(next, list);
                rebuild();
            }
        })));
        if (!next.historyOnly()) {
            // a room entered (here, at login, or by another window) shows in the list before its first message
            subscriptions.add(profile.subscribe(OccupantsChanged.class, Optional.of(next.jid()), ui, changes -> {
                if (lists.containsKey(next)) {
                    rebuild();
                }
            }));
            subscriptions.add(profile.subscribe(MessageAdded.class, Optional.of(next.jid()), ui, added -> {
                boolean counted = false;
                for (MessageAdded message : added) {
                    ChatMessage m = message.message();
                    if (m.unread() && Mentions.of(m, next.rooms().nickname(m.peer()))) {
                        mentions.merge(chatKey(next.jid(), m.peer()), 1, Integer::sum);
                        counted = true;
                    }
                }
                if (counted && lists.containsKey(next)) {
                    rebuild(); // the entry draws its mention badge
                }
            }));
            subscriptions.add(profile.subscribe(UnreadCountChanged.class, Optional.of(next.jid()), ui, changes -> {
                boolean cleared = false;
                for (UnreadCountChanged change : changes) {
                    if (change.unread() == 0) {
                        cleared |= mentions.remove(chatKey(next.jid(), change.peer())) != null;
                    }
                }
                if (cleared && lists.containsKey(next)) {
                    rebuild();
                }
            }));
        }
        followed.put(next, subscriptions);
    }

    private void rebuild() {
        List<ChatEntry> shown = new ArrayList<>();
        int unread = 0;
        int sources = 0;
        for (Map.Entry<Account, List<ConversationSummary>> list : lists.entrySet()) {
            for (ConversationSummary summary : list.getValue()) {
                unread += summary.unread();
            }
            if (filter.get() == null || filter.get() == list.getKey()) {
                List<ChatEntry> entries = new ArrayList<>();
                list.getValue().forEach(summary -> entries.add(new ChatEntry(list.getKey(), named(summary))));
                entries.addAll(roomsWithoutMessages(list.getKey(), list.getValue()));
                sources += entries.isEmpty() ? 0 : 1;
                if (entries.size() > list.getValue().size()) {
                    entries.sort(ORDER);
                }
                shown.addAll(entries);
            }
        }
        if (sources > 1) {
            shown.sort(ORDER); // each account's list is in order already
        }
        conversations.setAll(shown);
        unreadTotal.set(unread);
    }

    /**
     * The rooms the user is in that have no message yet (core's list has chats with messages): an entry each, with
     * a line saying the user is in the room, placed by when the window first saw it.
     */
    private List<ChatEntry> roomsWithoutMessages(Account owner, List<ConversationSummary> listed) {
        if (owner.historyOnly()) {
            return List.of();
        }
        Set<String> joined = owner.rooms().joined();
        List<ChatEntry> entries = new ArrayList<>();
        for (String room : joined) {
            if (listed.stream().noneMatch(c -> c.peer().equals(room))) {
                Instant since = joinedSince.computeIfAbsent(chatKey(owner.jid(), room), k -> Instant.now());
                ChatMessage line = new ChatMessage("joined:" + room, owner.jid(), room, ChatKind.GROUPCHAT,
                        Direction.INCOMING, room, Strings.get("rooms.list.joined"), since, Optional.empty(),
                        Optional.empty(), Optional.empty(), MessageStatus.RECEIVED, Encryption.DEVICES_UNKNOWN,
                        Optional.empty(), false, false, Map.of(), false, Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty());
                entries.add(new ChatEntry(owner, new ConversationSummary(room, line, 0, roomTitle(room),
                        ChatKind.GROUPCHAT, Encryption.DEVICES_UNKNOWN, false, false, Optional.empty())));
            }
        }
        return entries;
    }

    /** A room core names by its address is called by the address's first part, as the chat's header does. */
    private static ConversationSummary named(ConversationSummary summary) {
        return summary.kind() == ChatKind.GROUPCHAT && summary.title().equals(summary.peer())
                ? summary.withTitle(roomTitle(summary.peer())) : summary;
    }

    private static String roomTitle(String room) {
        return room.indexOf('@') > 0 ? room.substring(0, room.indexOf('@')) : room;
    }

    private static String chatKey(String accountJid, String peer) {
        return accountJid + '\n' + peer;
    }

    /** Unread messages in the entry's room that name the user (0 for a 1:1 chat). */
    public int mentions(ChatEntry entry) {
        return mentions.getOrDefault(chatKey(entry.accountJid(), entry.peer()), 0);
    }

    /** A room was entered from this window (joined, created, an invitation accepted): it shows and opens. */
    private void entered(Account owner, String room) {
        if (closed || !lists.containsKey(owner)) {
            return;
        }
        rebuild();
        open(owner, room);
    }

    /** The user left a room from its details: the chat closes and the list shows it as it is now. */
    public void left(String room) {
        ChatViewModel current = openChat.get();
        if (current != null && current.peer().equals(room)) {
            closeChat();
        }
        rebuild();
    }

    /** The account in focus: the open chat's, else the one chosen, else the first. */
    private void focus() {
        Account next = openAccount != null ? openAccount : filter.get() != null ? filter.get()
                : accounts.isEmpty() ? null : accounts.get(0);
        if (account.get() != next || (next != null && contacts.get() == null)) {
            followContacts(next);
        }
        account.set(next);
        ConnectionState state = next == null ? null : states.get(next);
        connectionState.set(state);
        connection.set(state == null ? "" : describe(state));
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
        if (current != null && !current.historyOnly()
                && !(connectionState.get() instanceof ConnectionState.Online)) {
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

    /** Whether the user chose plaintext for the chat with {@code peer} of {@code account} (a set in memory). */
    public boolean isPlaintextChosen(Account chatAccount, String peer) {
        return !chatAccount.historyOnly() && chatAccount.trust().isPlaintext(peer);
    }

    /** Opens the chat with {@code peer} of the account in focus, closing the one before. */
    public ChatViewModel open(String peer) {
        return open(account.get(), peer);
    }

    /** Opens the chat with {@code peer} of {@code chatAccount}, closing the one before. */
    public ChatViewModel open(Account chatAccount, String peer) {
        Objects.requireNonNull(chatAccount);
        ChatViewModel current = openChat.get();
        if (current != null && current.peer().equals(peer) && openAccount == chatAccount) {
            return current;
        }
        closeChat();
        // core's current list: the one here may not have had its first delivery yet
        String title = chatAccount.chats().conversationList().get().stream().filter(c -> c.peer().equals(peer))
                .map(c -> named(c).title()).findFirst().orElse(peer);
        if (title.equals(peer) && ChatViewModel.isRoom(chatAccount, peer)) {
            title = roomTitle(peer);
        }
        ChatViewModel chat = new ChatViewModel(profile, chatAccount, peer, title, ui);
        chat.start();
        openAccount = chatAccount;
        openChat.set(chat);
        focus();
        return chat;
    }

    /** Opens the chat with {@code peer} of the account {@code accountJid}, if the profile still has that account. */
    public Optional<ChatViewModel> open(String accountJid, String peer) {
        return accounts.stream().filter(a -> a.jid().equals(accountJid)).findFirst().map(a -> open(a, peer));
    }

    /**
     * Alt+Down / Alt+Up: opens the next (or previous) chat of the list, after the open one and around, that has unread
     * messages. Empty when none has.
     */
    public Optional<ChatViewModel> openNextUnread(boolean forward) {
        int size = conversations.size();
        int from = indexOfOpen();
        for (int step = 1; step <= size; step++) {
            int at = Math.floorMod((from < 0 && !forward ? 0 : from) + (forward ? step : -step), size);
            ChatEntry entry = conversations.get(at);
            if (entry.unread() > 0 && at != from) {
                return Optional.of(open(entry.account(), entry.peer()));
            }
        }
        return Optional.empty();
    }

    /** Where the open chat is in the list shown, or -1. */
    public int indexOfOpen() {
        ChatViewModel open = openChat.get();
        if (open == null) {
            return -1;
        }
        for (int i = 0; i < conversations.size(); i++) {
            if (conversations.get(i).is(open.accountJid(), open.peer())) {
                return i;
            }
        }
        return -1;
    }

    /** A search in the open chat (Ctrl+F); empty without one. */
    public Optional<SearchViewModel> searchOpenChat() {
        ChatViewModel chat = openChat.get();
        return chat == null || openAccount == null ? Optional.empty()
                : Optional.of(new SearchViewModel(openAccount.chats(), chat.peer(), ui));
    }

    /** A search in every chat of every account (Ctrl+Shift+F). */
    public GlobalSearchViewModel searchAllChats() {
        return new GlobalSearchViewModel(accounts, ui);
    }

    /**
     * Opens the chat of a search hit at the hit: highlighted, with the history around it, not following the bottom.
     */
    public ChatViewModel openAt(GlobalSearchViewModel.Hit hit) {
        ChatViewModel chat = open(hit.account(), hit.message().peer());
        chat.showMessage(hit.message().key());
        return chat;
    }

    /** Mutes the chat (no notifications) or unmutes it; kept in the profile, the list shows it once core says so. */
    public void setMuted(Account chatAccount, String peer, boolean muted) {
        chatAccount.chats().setMuted(peer, muted).whenComplete((done, failure) -> ui.execute(() ->
                listError.set(failure == null ? "" : muted ? Strings.get("chats.mute.failed")
                        : Strings.get("chats.unmute.failed"))));
    }

    /**
     * Writes the chat's history to {@code target} (text or JSON, readable without Sotto and not encrypted); the
     * outcome comes in words in {@link #exportResultProperty()}.
     */
    public void exportHistory(Account chatAccount, String peer, Path target, HistoryFormat format) {
        exportResult.set(Strings.get("chats.export.running", target.getFileName()));
        chatAccount.chats().exportHistory(peer, target, format).whenComplete((count, failure) -> ui.execute(() ->
                exportResult.set(failure == null ? Strings.get("chats.export.done", count, target)
                        : Strings.get("chats.export.failed", target))));
    }

    public ReadOnlyStringProperty exportResultProperty() {
        return exportResult;
    }

    /** Pins the chat on top of the list or takes the pin away; kept in the profile. */
    public void setPinned(Account chatAccount, String peer, boolean pinned) {
        chatAccount.chats().setPinned(peer, pinned).whenComplete((done, failure) -> ui.execute(() ->
                listError.set(failure == null ? "" : Strings.get("chats.pin.failed"))));
    }

    /** The list's entry of the chat with {@code peer} of the account {@code accountJid}, whatever the filter. */
    public Optional<ChatEntry> entry(String accountJid, String peer) {
        for (Map.Entry<Account, List<ConversationSummary>> list : lists.entrySet()) {
            if (list.getKey().jid().equals(accountJid)) {
                for (ConversationSummary summary : list.getValue()) {
                    if (summary.peer().equals(peer)) {
                        return Optional.of(new ChatEntry(list.getKey(), summary));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Why muting or pinning failed, in words; empty when the last one worked. */
    public ReadOnlyStringProperty listErrorProperty() {
        return listError;
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
            openAccount = null;
            openChat.set(null);
            focus();
        }
    }

    /** The contacts pane and the rooms' invitations follow the account in focus. */
    private void followContacts(Account next) {
        closeContacts();
        if (next != null && !next.historyOnly()) {
            ContactsViewModel nextContacts = new ContactsViewModel(profile, next, ui);
            nextContacts.start();
            contacts.set(nextContacts);
            RoomsViewModel nextRooms = new RoomsViewModel(next, ui, room -> entered(next, room));
            nextRooms.start();
            rooms.set(nextRooms);
        }
    }

    private void closeContacts() {
        if (contacts.get() != null) {
            contacts.get().close();
            contacts.set(null);
        }
        if (rooms.get() != null) {
            rooms.get().close();
            rooms.set(null);
        }
    }

    /** Joining, creating and the invitations of the account in focus; null without one. */
    public ReadOnlyObjectProperty<RoomsViewModel> roomsProperty() {
        return rooms;
    }

    /** The settings' auto-download limit goes to core, which downloads received files up to it at once. */
    private static void applyAutoDownload(Account account) {
        account.files().setAutoDownloadLimit((long) UserSettings.global().autoDownloadMiBProperty().get() << 20);
    }

    /** Stops following everything (the window closes). */
    public void close() {
        closed = true;
        ChatViewModel open = openChat.get();
        closeChat();
        if (open != null) {
            open.messages().clear(); // nothing decrypted stays behind in a view model (the window locks)
        }
        conversations.clear();
        closeContacts();
        accountList.close();
        UserSettings.global().autoDownloadMiBProperty().removeListener(autoDownload);
        followed.values().forEach(list -> list.forEach(Subscription::close));
        followed.clear();
        lists.clear();
        avatars.close();
    }

    /** The contacts, requests and block list of the account in focus. */
    public ReadOnlyObjectProperty<ContactsViewModel> contactsProperty() {
        return contacts;
    }

    /** Every account of the profile, in the order they were added. */
    public ObservableList<Account> accounts() {
        return accounts;
    }

    /** The account whose chats the list shows; null: every account's. */
    public ObjectProperty<Account> filterProperty() {
        return filter;
    }

    /** The account in focus: the open chat's, else the one chosen in the filter, else the first. */
    public ReadOnlyObjectProperty<Account> accountProperty() {
        return account;
    }

    /** The chat list: pinned first, then the most recent; of every account or the one chosen. */
    public ObservableList<ChatEntry> conversations() {
        return conversations;
    }

    /** The chats of every account, whatever the filter (the quick switcher searches them all). */
    public List<ChatEntry> allChats() {
        List<ChatEntry> all = new ArrayList<>();
        lists.forEach((chatAccount, list) -> list.forEach(summary -> all.add(new ChatEntry(chatAccount, named(summary)))));
        return all;
    }

    /** Unread messages of every account's chats (the window's title). */
    public ReadOnlyIntegerProperty unreadTotalProperty() {
        return unreadTotal;
    }

    /** Pictures of the chats, or their coloured initial. */
    public ChatAvatars avatars() {
        return avatars;
    }

    /** The account in focus's connection state in words. */
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
