package org.sotto.app.chat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;

import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import javafx.collections.ObservableSet;
import javafx.scene.image.Image;

import org.sotto.app.rooms.Mentions;
import org.sotto.app.rooms.RoomsViewModel;
import org.sotto.app.settings.UserSettings;
import org.sotto.app.trust.ChatTrust;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.NotConnectedException;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Chats;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.Draft;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.chat.SendException;
import org.sotto.core.api.chat.TypingState;
import org.sotto.core.api.event.ChatStateChanged;
import org.sotto.core.api.event.MessageFailed;
import org.sotto.core.api.event.OmemoSendBlocked;
import org.sotto.core.api.event.Subscription;
import org.sotto.core.api.event.SubjectChanged;
import org.sotto.core.api.room.Occupant;
import org.sotto.core.api.room.RoomEncryptionState;
import org.sotto.core.api.room.RoomException;
import org.sotto.core.api.trust.Device;

/**
 * One open chat: a window of its history paged from the store (older pages on demand, from the server's archive once
 * the store has nothing older), its live timeline, the chat's encryption state in words, and the composer. Open with
 * {@link #start()} when the chat shows and {@link #close()} when it hides, so nothing follows a hidden chat.
 */
public final class ChatViewModel {
    /** How many messages a page holds (Dino 40, Gajim 50). */
    public static final int PAGE = 50;
    /** How many pages before the newest one the search for the first unread message reads at most. */
    private static final int UNREAD_PAGES = 10;
    /** How many older pages a jump to a quoted message reads at most. */
    private static final int QUOTE_PAGES = 20;
    private static final Comparator<ChatMessage> ORDER = Comparator.comparing(ChatMessage::timestamp);

    private final SottoProfile profile;
    private final Account account;
    private final Chats chats;
    private final String peer;
    private final String title;
    private final UiExecutor ui;

    private final ObservableList<ChatMessage> messages = FXCollections.observableArrayList();
    private final ObservableMap<String, String> failures = FXCollections.observableHashMap();
    private final StringProperty composer = new SimpleStringProperty("");
    private final ObjectProperty<Encryption> encryption = new SimpleObjectProperty<>(Encryption.PLAINTEXT);
    private final StringProperty encryptionText = new SimpleStringProperty("");
    private final StringProperty encryptionSummary = new SimpleStringProperty("");
    private final BooleanProperty plaintext = new SimpleBooleanProperty();
    private final BooleanProperty plaintextOffered = new SimpleBooleanProperty();
    private final ObjectProperty<ChatMessage> editing = new SimpleObjectProperty<>();
    private final StringProperty typing = new SimpleStringProperty("");
    private boolean composing;
    private final StringProperty sendError = new SimpleStringProperty("");
    private final BooleanProperty loadingOlder = new SimpleBooleanProperty();
    private final BooleanProperty reachedStart = new SimpleBooleanProperty();
    private final BooleanProperty loaded = new SimpleBooleanProperty();
    private final BooleanProperty atBottom = new SimpleBooleanProperty(true);
    private final IntegerProperty unseen = new SimpleIntegerProperty();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final List<ChatMessage> early = new ArrayList<>();
    private final ObjectProperty<ChatMessage> replyingTo = new SimpleObjectProperty<>();
    private final ObjectProperty<String> firstUnread = new SimpleObjectProperty<>();
    private final ObjectProperty<String> scrollTarget = new SimpleObjectProperty<>();
    private final StringProperty notice = new SimpleStringProperty("");
    private final ObservableSet<String> retried = FXCollections.observableSet();
    private final ObservableMap<String, Image> avatars = FXCollections.observableHashMap();
    private final Set<String> avatarsAsked = new HashSet<>();
    private final ChatTrust trust;
    private final ChatFiles files;
    /** A send waits for the user's decision on new devices: the composer's text goes out once it is made. */
    private boolean waitingForDecision;
    private boolean closed;
    /** A message shown on request (a search hit), highlighted; null when none. */
    private final ObjectProperty<String> highlighted = new SimpleObjectProperty<>();
    /** The messages shown end before the newest (opened at a message in the past): live ones wait in {@code later}. */
    private final BooleanProperty detached = new SimpleBooleanProperty();
    private final List<ChatMessage> later = new ArrayList<>();
    private boolean loadingNewer;
    /** Counts the times the whole window of messages was replaced, so an answer for an earlier one is dropped. */
    private int generation;
    /** A group chat: the room's JID is the peer. */
    private final boolean room;
    private final StringProperty subject = new SimpleStringProperty("");
    private final IntegerProperty mentions = new SimpleIntegerProperty();
    private final BooleanProperty roomWarning = new SimpleBooleanProperty();
    private RoomEncryptionState roomState;
    /** Who is in the room, as read with the state: members are named by their nickname. */
    private List<Occupant> occupants = List.of();
    /** Members whose device lists this chat asked for: core counts a member not fetched yet as without OMEMO. */
    private final Set<String> fetched = new HashSet<>();
    /** A room send refused for members without OMEMO: its words follow the state as their devices are found. */
    private boolean blockedForMembers;

    public ChatViewModel(SottoProfile profile, Account account, String peer, String title, UiExecutor ui) {
        this.profile = Objects.requireNonNull(profile);
        this.account = Objects.requireNonNull(account);
        this.chats = account.chats();
        this.peer = Objects.requireNonNull(peer);
        this.title = Objects.requireNonNull(title);
        this.ui = Objects.requireNonNull(ui);
        this.trust = new ChatTrust(profile, account, peer, title, ui);
        this.room = isRoom(account, peer);
        // files go only into an end-to-end encrypted chat
        this.files = new ChatFiles(profile, account, peer, ui,
                () -> !plaintext.get() && encryption.get() != Encryption.ENCRYPTION_UNAVAILABLE);
        messages.addListener((ListChangeListener<ChatMessage>) change -> {
            while (change.next()) {
                if (change.wasAdded()) {
                    change.getAddedSubList().forEach(files::shown);
                }
            }
        });
        trust.readersProperty().addListener((obs, old, next) -> encryption(encryption.get(), plaintext.get()));
        trust.keyChangedProperty().addListener((obs, old, next) -> encryption(encryption.get(), plaintext.get()));
        atBottom.addListener((obs, old, next) -> {
            if (next) {
                unseen.set(0);
                mentions.set(0);
                markRead();
            }
        });
    }

    /** Loads the newest page and the draft, and follows the timeline, the encryption state and failed sends. */
    public void start() {
        subscriptions.add(chats.follow(peer, ui, this::changed));
        subscriptions.add(account.trust().encryptionState(peer).subscribe(state -> {
            boolean chosen = account.trust().isPlaintext(peer); // read here, on core's thread
            ui.execute(() -> {
                encryption(state, chosen);
                trust.encryptionChanged(state);
            });
        }));
        trust.onDecided(this::sendAfterDecision);
        trust.start();
        files.start();
        // the state is DEVICES_UNKNOWN until the contact's devices were fetched once: fetch them (online; offline the
        // first send does)
        if (!room) {
            account.trust().refresh(peer);
        }
        subscriptions.add(profile.subscribe(MessageFailed.class, Optional.of(account.jid()), ui, failed -> {
            for (MessageFailed f : failed) {
                if (f.message().peer().equals(peer)) {
                    failures.put(f.message().key(), Strings.of("send.failure", f.failure()));
                }
            }
        }));
        subscriptions.add(profile.subscribe(OmemoSendBlocked.class, Optional.of(account.jid()), ui, blocked -> {
            for (OmemoSendBlocked b : blocked) {
                if (b.peer().equals(peer)) {
                    sendError.set(room ? roomBlocked(b.reason(), b.devices())
                            : Strings.get("send.blocked", b.explanation()));
                    // undecided devices are decided on, and a changed key checked, not sent around in plaintext
                    plaintextOffered.set(b.reason() != SendException.Reason.TRUST_DECISION_NEEDED
                            && trust.keyChangedProperty().get().isEmpty());
                    trust.blocked(b);
                    b.messageKey().ifPresent(key -> failures.put(key, b.explanation()));
                }
            }
        }));
        subscriptions.add(profile.subscribe(ChatStateChanged.class,
                Optional.of(account.jid()), ui, states -> {
                    for (ChatStateChanged state : states) {
                        if (state.peer().equals(peer)) {
                            typing.set(state.state() == TypingState.COMPOSING
                                    ? Strings.get("chat.typing", title) : "");
                        }
                    }
                }));
        if (room) {
            followRoom();
        }
        composer.addListener((obs, old, next) -> composerChanged(next));
        int first = generation;
        chats.history(peer, Optional.empty(), PAGE).whenComplete((page, failure) -> ui.execute(() -> {
            if (closed || generation != first) {
                return;
            }
            if (page != null) {
                List<ChatMessage> all = new ArrayList<>(page);
                Set<String> keys = keys(all);
                // what changed meanwhile: new messages join; a change to a message older than a full page does not
                ChatMessage oldest = page.isEmpty() ? null : page.get(0);
                for (ChatMessage changed : early) {
                    if (keys.contains(changed.key())) {
                        all.replaceAll(m -> m.key().equals(changed.key()) ? changed : m); // the newer version
                    } else if (page.size() < PAGE || ORDER.compare(changed, oldest) > 0) {
                        // one as old as the oldest shown may be one the page left out (same time): paging brings it
                        keys.add(changed.key());
                        all.add(changed);
                    }
                }
                all.sort(ORDER);
                early.clear();
                findUnreadStart(all, page.size() == PAGE, UNREAD_PAGES);
                return;
            }
            early.clear();
            loaded.set(true);
            markRead();
        }));
        chats.draft(peer).whenComplete((draft, failure) -> ui.execute(() -> {
            if (draft != null && draft.isPresent() && composer.get().isEmpty()) {
                composing = !draft.get().text().isBlank(); // a restored draft is not the user typing now
                composer.set(draft.get().text());
                draft.get().replyToId().ifPresent(id -> whenLoaded(() -> original(id).ifPresent(replyingTo::set)));
            }
        }));
    }

    /**
     * The "new messages" marker goes above the first unread message: when the whole page is unread, older pages come
     * first (before anything is marked read) until a read message or the start of the stored history.
     */
    private void findUnreadStart(List<ChatMessage> all, boolean full, int pagesLeft) {
        if (closed) {
            return;
        }
        if (full && pagesLeft > 0 && !all.isEmpty() && all.get(0).unread()) {
            chats.historyBefore(peer, all.get(0).key(), PAGE).whenComplete((older, failure) -> ui.execute(() -> {
                List<ChatMessage> more = new ArrayList<>(older == null ? List.of() : older);
                Set<String> shown = keys(all);
                more.removeIf(m -> shown.contains(m.key()));
                more.addAll(all);
                findUnreadStart(more, older != null && older.size() == PAGE, pagesLeft - 1);
            }));
            return;
        }
        // what came while older pages were read: the newer versions replace, new messages join
        Set<String> keys = keys(all);
        for (ChatMessage changed : early) {
            if (keys.add(changed.key())) {
                all.add(changed);
            } else {
                all.replaceAll(m -> m.key().equals(changed.key()) ? changed : m);
            }
        }
        early.clear();
        all.sort(ORDER);
        firstUnread.set(all.stream().filter(ChatMessage::unread).findFirst().map(ChatMessage::key).orElse(null));
        messages.setAll(all);
        reachedStart.set(false);
        messages.forEach(this::askAvatar);
        loaded.set(true);
        markRead();
    }

    /**
     * A chat whose contact's devices were never fetched is DEVICES_UNKNOWN (a send there is encrypted or blocked,
     * never plaintext); PLAINTEXT is the user's choice (checked against it all the same).
     */
    private void encryption(Encryption state, boolean plaintextChosen) {
        // first: the view styles the texts below by it as they change
        roomWarning.set(room && roomState != null && roomState.whyNot().filter(why ->
                why != RoomEncryptionState.NotEncrypted.NO_DEVICES_KNOWN
                        && why != RoomEncryptionState.NotEncrypted.PLAINTEXT_CHOSEN).isPresent());
        encryption.set(state);
        boolean unknown = state == Encryption.DEVICES_UNKNOWN || state == Encryption.PLAINTEXT && !plaintextChosen;
        plaintext.set(state == Encryption.PLAINTEXT && plaintextChosen);
        encryptionText.set(unknown ? Strings.get("encryption.composer.unknown") : Strings.of("encryption.composer", state));
        String readers = plaintext.get() ? "" : trust.readersProperty().get(); // who can read a send, when encrypted
        // a device whose key changed gets nothing, whatever core's state says of the others: the header warns
        boolean keyChanged = !plaintext.get() && !trust.keyChangedProperty().get().isEmpty();
        encryptionSummary.set(keyChanged ? Strings.get("trust.header.keyChanged")
                : unknown ? Strings.get("encryption.chat.unknown")
                : !readers.isEmpty() ? readers : Strings.of("encryption.chat", state));
        if (room && roomState != null) {
            encryptionSummary.set(roomSummary(roomState));
            roomComposerText(roomState).ifPresent(encryptionText::set);
        }
    }

    private void changed(List<ChatMessage> batch) {
        if (closed) {
            return;
        }
        if (!loaded.get()) {
            early.addAll(batch);
            return;
        }
        boolean newIncoming = false;
        for (ChatMessage message : batch) {
            int at = indexOf(message.key());
            if (at >= 0) {
                messages.set(at, message);
                continue;
            }
            if (detached.get()) {
                later.add(message); // after the messages shown, past a gap: joins when paging reaches the newest
                if (message.direction() == Direction.INCOMING) {
                    unseen.set(unseen.get() + 1);
                }
                continue;
            }
            if (!messages.isEmpty() && !reachedStart.get() && ORDER.compare(message, messages.get(0)) <= 0) {
                continue; // a change to a message not newer than the page shown (marked read, say): paging brings it
            }
            int position = messages.size();
            while (position > 0 && ORDER.compare(messages.get(position - 1), message) > 0) {
                position--;
            }
            messages.add(position, message);
            askAvatar(message);
            if (message.direction() == Direction.INCOMING) {
                newIncoming = true;
                if (!atBottom.get()) {
                    unseen.set(unseen.get() + 1);
                    if (mentionsMe(message)) {
                        mentions.set(mentions.get() + 1);
                    }
                }
            }
        }
        if (newIncoming && atBottom.get()) {
            markRead();
        }
    }

    private int indexOf(String key) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private static Set<String> keys(List<ChatMessage> list) {
        Set<String> keys = new HashSet<>();
        list.forEach(m -> keys.add(m.key()));
        return keys;
    }

    /**
     * Prepends the page before the oldest message shown: from the store, else from the server's archive. The view
     * calls it when the top of the history comes into sight; one page at a time.
     */
    public void loadOlder() {
        if (!loaded.get() || loadingOlder.get() || reachedStart.get() || closed) {
            return;
        }
        loadingOlder.set(true);
        // by the oldest shown message's key, not its time: messages with the same time are neither skipped nor repeated
        CompletableFuture<List<ChatMessage>> older = messages.isEmpty() ? chats.history(peer, Optional.empty(), PAGE)
                : chats.historyBefore(peer, messages.get(0).key(), PAGE);
        older.whenComplete((page, failure) -> ui.execute(() -> {
            if (closed) {
                return;
            }
            if (page != null && !page.isEmpty()) {
                prepend(page);
                loadingOlder.set(false);
            } else {
                fromArchive();
            }
        }));
    }

    private void fromArchive() {
        chats.loadOlder(peer, PAGE).whenComplete((result, failure) -> ui.execute(() -> {
            loadingOlder.set(false);
            if (result != null) {
                prepend(result.added().stream().filter(m -> messages.isEmpty()
                        || ORDER.compare(m, messages.get(0)) <= 0).toList());
                reachedStart.set(result.reachedStart() || result.added().isEmpty());
            } else if (!(unwrap(failure) instanceof NotConnectedException)) {
                reachedStart.set(true); // the archive cannot page further back; the store had nothing older
            }
        }));
    }

    private void prepend(List<ChatMessage> older) {
        Set<String> shown = keys(messages);
        List<ChatMessage> fresh = older.stream().filter(m -> !shown.contains(m.key())).sorted(ORDER).toList();
        if (!fresh.isEmpty()) {
            fresh.forEach(this::askAvatar);
            messages.addAll(0, fresh);
            if (fresh.size() < messages.size()) {
                // the message that was first has one above it now: the same value again rebuilds its cell
                // (its day separator may go)
                messages.set(fresh.size(), messages.get(fresh.size()));
            }
        }
    }

    /** XEP-0085: tells the contact when the user starts typing and when the composer empties (never queued). */
    private void composerChanged(String text) {
        boolean now = !text.isBlank() && editing.get() == null;
        if (now != composing && !closed && (composing || UserSettings.global().sendTypingProperty().get())) {
            composing = now;
            chats.sendTyping(peer, now ? TypingState.COMPOSING
                    : TypingState.ACTIVE);
        }
    }

    /** The view calls it when the user stopped typing for a while without sending. */
    public void pausedTyping() {
        if (composing && !closed) {
            composing = false;
            chats.sendTyping(peer, TypingState.PAUSED);
        }
    }

    /**
     * Up in an empty composer: the user's last message of this chat (not retracted) comes into the composer, and the
     * next send corrects it (XEP-0308). Returns whether there was one.
     */
    public boolean editLast() {
        if (!composer.get().isEmpty()) {
            return false;
        }
        for (int i = messages.size() - 1; i >= 0; i--) {
            ChatMessage message = messages.get(i);
            if (message.direction() == Direction.OUTGOING && !message.retracted()) {
                replyingTo.set(null);
                editing.set(message);
                composer.set(message.body());
                return true;
            }
        }
        return false;
    }

    /** "Edit" on an own message: its text comes into the composer and the next send corrects it (XEP-0308). */
    public boolean edit(ChatMessage own) {
        if (!canRetract(own) || own.body().isBlank()) {
            return false;
        }
        replyingTo.set(null);
        editing.set(own);
        composer.set(own.body());
        return true;
    }

    /** Esc while editing: the composer empties and the next send is a new message again. */
    public void cancelEdit() {
        if (editing.get() != null) {
            editing.set(null);
            composer.set("");
        }
    }

    /** Sends what the composer holds; a send that fails says why in {@link #sendErrorProperty()}. */
    public void send() {
        String body = composer.get().strip();
        if (body.isEmpty()) {
            return;
        }
        ChatMessage corrected = editing.get();
        if (corrected != null) {
            editing.set(null);
            sendError.set("");
            if (!body.equals(corrected.body())) {
                chats.correct(corrected, body).whenComplete((done, failure) -> ui.execute(() -> {
                    if (failure != null) {
                        sendError.set(Strings.get("send.error", String.valueOf(unwrap(failure).getMessage())));
                    }
                }));
            }
            composer.set("");
            return;
        }
        sendError.set("");
        blockedForMembers = false;
        notice.set("");
        plaintextOffered.set(false);
        ChatMessage original = replyingTo.get();
        try {
            (original != null ? chats.reply(original, body) : chats.send(peer, body)).whenComplete((sent, failure) -> ui.execute(() -> {
                if (failure != null) {
                    sendError.set(sendFailure(unwrap(failure)));
                    if (composer.get().isEmpty()) {
                        composer.set(body);
                    }
                    if (unwrap(failure) instanceof SendException refused
                            && refused.reason() == SendException.Reason.TRUST_DECISION_NEEDED) {
                        waitingForDecision = true;
                        trust.blocked(refused);
                    }
                }
            }));
            composer.set("");
            replyingTo.set(null);
            chats.saveDraft(peer, Draft.of(""));
            atBottom.set(true);
        } catch (IllegalArgumentException e) {
            sendError.set(Strings.get("send.error", e.getMessage()));
        }
    }

    /**
     * The user's choice, after the view asked for confirmation: this chat goes in plaintext ({@code true}) or back to
     * end-to-end encryption. The state shown follows from core's encryption state; a text waiting in the composer
     * is sent once plaintext is chosen.
     */
    public void choosePlaintext(boolean chosen) {
        plaintextOffered.set(false);
        sendError.set("");
        blockedForMembers = false;
        CompletableFuture.supplyAsync(() -> {
            account.trust().setPlaintext(peer, chosen);
            // the state may not change (e.g. a room that cannot be encrypted): read it again
            return account.trust().encryptionState(peer).get();
        }).whenComplete((state, failure) -> ui.execute(() -> {
                    if (state != null) {
                        encryption(state, chosen);
                    }
                    if (failure != null) {
                        sendError.set(Strings.get("send.error", String.valueOf(unwrap(failure).getMessage())));
                    } else if (chosen && !composer.get().isBlank()) {
                        send();
                    }
                }));
    }

    /** The user decided on the devices a send waited for: the text it left in the composer goes out now. */
    private void sendAfterDecision() {
        if (waitingForDecision && !closed) {
            waitingForDecision = false;
            sendError.set("");
            if (!composer.get().isBlank()) {
                send();
            }
        }
    }

    private void markRead() {
        if (loaded.get() && atBottom.get() && !closed
                && messages.stream().anyMatch(ChatMessage::unread)) {
            if (!room && UserSettings.global().sendReadMarkersProperty().get()) {
                // the newest one read stands for the earlier ones (XEP-0333); only when the user lets contacts know
                messages.stream().filter(ChatMessage::unread).reduce((first, second) -> second)
                        .ifPresent(chats::markDisplayed);
            }
            chats.markRead(peer);
        }
    }

    /**
     * Shows the message with {@code key} (a search hit) highlighted, with the history around it
     * ({@code Chats.historyAround}) when it is not among the messages shown; the view does not follow the bottom
     * then, and scrolling down pages newer messages in ({@link #loadNewer()}) until the newest.
     */
    public void showMessage(String key) {
        if (closed) {
            return;
        }
        if (indexOf(key) >= 0) {
            atBottom.set(false);
            highlighted.set(null);
            highlighted.set(key);
            return;
        }
        int mine = ++generation;
        chats.historyAround(peer, key, PAGE / 2, PAGE / 2).whenComplete((page, failure) -> ui.execute(() -> {
            if (closed || mine != generation || page == null || page.isEmpty()) {
                return;
            }
            int at = 0;
            while (at < page.size() && !page.get(at).key().equals(key)) {
                at++;
            }
            atBottom.set(false);
            highlighted.set(null);
            later.clear();
            early.clear();
            detached.set(page.size() - at - 1 >= PAGE / 2);
            messages.setAll(page);
            reachedStart.set(false);
            loaded.set(true);
            highlighted.set(key);
        }));
    }

    /** At the end of the messages shown, opened in the past: appends the next page, up to the newest. */
    public void loadNewer() {
        if (!detached.get() || loadingNewer || closed || messages.isEmpty()) {
            return;
        }
        loadingNewer = true;
        int mine = generation;
        chats.historyAfter(peer, messages.get(messages.size() - 1).key(), PAGE)
                .whenComplete((page, failure) -> ui.execute(() -> {
                    loadingNewer = false;
                    if (closed || mine != generation || page == null) {
                        return;
                    }
                    Set<String> shown = keys(messages);
                    List<ChatMessage> next = new ArrayList<>(page.stream().filter(m -> !shown.contains(m.key())).toList());
                    if (page.size() < PAGE) { // the newest: what arrived meanwhile joins, and the chat is live again
                        detached.set(false);
                        keys(next).forEach(shown::add);
                        later.stream().filter(m -> !shown.contains(m.key())).forEach(next::add);
                        later.clear();
                        next.sort(ORDER);
                    }
                    messages.addAll(next);
                }));
    }

    /** "Jump to latest" from a message in the past: the newest page again, followed at the bottom. */
    public void jumpToLatest() {
        highlighted.set(null);
        if (!detached.get() || closed) {
            atBottom.set(true);
            return;
        }
        int mine = ++generation;
        chats.history(peer, Optional.empty(), PAGE).whenComplete((page, failure) -> ui.execute(() -> {
            if (closed || mine != generation || page == null) {
                return;
            }
            detached.set(false);
            later.clear();
            messages.setAll(page);
            reachedStart.set(false);
            atBottom.set(true);
            markRead();
        }));
    }

    /** The message shown on request (a search hit), highlighted; null when none. */
    public ReadOnlyObjectProperty<String> highlightedProperty() {
        return highlighted;
    }

    /**
     * Whether {@code peer} is a room of {@code account}: one the user is in or is invited to (the server's invitation
     * may be stored as a message from the room), or a group chat of its list.
     */
    public static boolean isRoom(Account account, String peer) {
        return (!account.historyOnly() && (account.rooms().joined().contains(peer)
                || account.rooms().invitations().get().stream().anyMatch(i -> i.room().equals(peer))))
                || account.chats().conversationList().get().stream()
                .anyMatch(c -> c.peer().equals(peer) && c.kind() == ChatKind.GROUPCHAT);
    }

    /** A room's subject, its encryption state in words (naming who cannot read), kept up to date. */
    private void followRoom() {
        Runnable reread = () -> {
            // read on core's thread: the state and who is present at the same moment
            RoomEncryptionState state = account.rooms().encryption(peer).get();
            List<Occupant> present = account.rooms().occupants(peer).get();
            ui.execute(() -> {
                if (!closed) {
                    roomState = state;
                    occupants = present;
                    encryption(encryption.get(), plaintext.get());
                    if (blockedForMembers && !state.withoutOmemo().isEmpty()) {
                        sendError.set(roomBlocked(SendException.Reason.NO_DEVICES, List.of()));
                    }
                    for (String member : state.withoutOmemo()) {
                        if (fetched.add(member)) {
                            account.trust().refresh(member); // the state is recomputed when the list arrives
                        }
                    }
                }
            });
        };
        subscriptions.add(account.rooms().encryption(peer).subscribe(state -> reread.run()));
        subscriptions.add(account.rooms().occupants(peer).subscribe(list -> reread.run()));
        account.rooms().subject(peer).whenComplete((text, failure) -> ui.execute(() -> {
            if (!closed && text != null && text.isPresent() && subject.get().isEmpty()) {
                subject.set(text.get());
            }
        }));
        subscriptions.add(profile.subscribe(SubjectChanged.class, Optional.of(account.jid()), ui, changes -> {
            for (SubjectChanged change : changes) {
                if (change.room().equals(peer)) {
                    subject.set(change.subject());
                }
            }
        }));
    }

    /** The members named by their nickname in the room when present, else by their address. */
    private String names(Set<String> jids) {
        List<String> names = new ArrayList<>();
        for (String jid : new TreeSet<>(jids)) {
            names.add(occupants.stream().filter(o -> o.jid().equals(Optional.of(jid))).map(Occupant::nickname)
                    .findFirst().orElse(jid));
        }
        return String.join(", ", names);
    }

    private String roomSummary(RoomEncryptionState state) {
        if (state.whyNot().isEmpty()) {
            return state.state() == Encryption.E2EE_VERIFIED ? Strings.get("room.encryption.verified")
                    : Strings.get("room.encryption.encrypted");
        }
        return switch (state.whyNot().get()) {
            case PLAINTEXT_CHOSEN -> Strings.get("room.encryption.plaintext");
            case NOT_MEMBERS_ONLY -> Strings.get("room.encryption.notMembersOnly");
            case ANONYMOUS -> Strings.get("room.encryption.anonymous");
            case FEATURES_UNKNOWN -> Strings.get("room.encryption.featuresUnknown");
            case NO_OMEMO -> Strings.get("room.encryption.noOmemo");
            case NO_DEVICES_KNOWN -> Strings.get("room.encryption.noDevicesKnown");
            case MEMBERS_WITHOUT_OMEMO -> state.withoutOmemo().isEmpty() ? Strings.get("room.encryption.someWithout")
                    : state.withoutOmemo().size() == 1
                    ? Strings.get("room.encryption.without.one", names(state.withoutOmemo()))
                    : Strings.get("room.encryption.without.many", names(state.withoutOmemo()));
            case UNDECIDED_DEVICES -> Strings.get("room.encryption.undecided");
        };
    }

    /** What a send will do, where the room's reason says more than the 1:1 words. */
    private Optional<String> roomComposerText(RoomEncryptionState state) {
        return state.whyNot().flatMap(why -> switch (why) {
            case MEMBERS_WITHOUT_OMEMO -> state.withoutOmemo().isEmpty() ? Optional.empty()
                    : Optional.of(Strings.get("room.composer.without", names(state.withoutOmemo())));
            case FEATURES_UNKNOWN -> Optional.of(Strings.get("room.composer.notInRoom"));
            case NO_DEVICES_KNOWN -> Optional.of(Strings.get("room.composer.noDevicesKnown"));
            default -> Optional.empty();
        });
    }

    /** Why a room send was refused, naming the members it concerns; nothing is ever sent in plaintext instead. */
    private String roomBlocked(SendException.Reason reason, List<Device> devices) {
        Set<String> who = new TreeSet<>();
        devices.forEach(d -> who.add(d.jid()));
        who.remove(account.jid());
        if (who.isEmpty() && roomState != null && reason == SendException.Reason.NO_DEVICES) {
            who.addAll(roomState.withoutOmemo());
        }
        blockedForMembers = reason == SendException.Reason.NO_DEVICES;
        return switch (reason) {
            case NO_DEVICES -> who.isEmpty() ? Strings.get("room.blocked.failed")
                    : Strings.get("room.blocked.noOmemo", names(who));
            case NO_USABLE_DEVICES -> who.isEmpty() ? Strings.get("room.blocked.failed")
                    : Strings.get("room.blocked.noUsable", names(who));
            case TRUST_DECISION_NEEDED -> Strings.get("room.blocked.undecided");
            case ROOM_NOT_ENCRYPTABLE -> Strings.get("room.blocked.notEncryptable");
            case NOT_CONNECTED -> RoomsViewModel.describe(RoomException.Reason.NOT_CONNECTED, peer);
            default -> Strings.get("room.blocked.failed");
        };
    }

    private String sendFailure(Throwable cause) {
        if (room && cause instanceof SendException refused) {
            return roomBlocked(refused.reason(), refused.devices());
        }
        if (cause instanceof RoomException refused) {
            return Strings.get("send.error", RoomsViewModel.describe(refused.reason(), peer));
        }
        return Strings.get("send.error", String.valueOf(cause.getMessage()));
    }

    /** Whether someone else's message in this room names the user by their nickname here. */
    public boolean mentionsMe(ChatMessage message) {
        return room && Mentions.of(message, nickname());
    }

    /** The user's nickname in this room, while they are in it. */
    public Optional<String> nickname() {
        return room && !account.historyOnly() ? account.rooms().nickname(peer) : Optional.empty();
    }

    /** A group chat (the peer is the room). */
    public boolean isRoom() {
        return room;
    }

    /**
     * A room whose messages cannot be encrypted as things are (who cannot read, the room's configuration, not in
     * it): its state shows as a warning, not as encrypted.
     */
    public ReadOnlyBooleanProperty roomWarningProperty() {
        return roomWarning;
    }

    /** The room's subject as last announced; empty for a 1:1 chat. */
    public ReadOnlyStringProperty subjectProperty() {
        return subject;
    }

    /**
     * Of the messages that arrived while the user was not at the bottom ({@link #unseenProperty()}), those naming
     * the user: counted here (core counts unread messages, not mentions); back to 0 at the bottom.
     */
    public ReadOnlyIntegerProperty mentionsProperty() {
        return mentions;
    }

    /** Whether the messages shown end before the newest (opened at a message in the past). */
    public ReadOnlyBooleanProperty detachedProperty() {
        return detached;
    }

    /** Stops following the chat and keeps the composer's text as its draft. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        subscriptions.forEach(Subscription::close);
        subscriptions.clear();
        trust.close();
        files.close();
        ChatMessage original = replyingTo.get();
        chats.saveDraft(peer, original == null || composer.get().isBlank() ? Draft.of(composer.get())
                : new Draft(composer.get(), original.referenceId()));
    }

    private void whenLoaded(Runnable action) {
        if (loaded.get()) {
            action.run();
        } else {
            loaded.addListener(new ChangeListener<>() {
                @Override
                public void changed(ObservableValue<? extends Boolean> obs, Boolean old,
                                    Boolean now) {
                    if (now) {
                        loaded.removeListener(this);
                        action.run();
                    }
                }
            });
        }
    }

    /** The next send answers {@code original} (XEP-0461); a message others cannot point at cannot be answered. */
    public void startReply(ChatMessage original) {
        if (!canReply(original)) {
            return;
        }
        editing.set(null);
        replyingTo.set(original);
    }

    public boolean canReply(ChatMessage message) {
        return message.referenceId().isPresent() && !message.retracted()
                && message.encryption() != Encryption.UNDECRYPTABLE;
    }

    /** Esc: the next send is a plain message again; the text stays. */
    public boolean cancelReply() {
        if (replyingTo.get() == null) {
            return false;
        }
        replyingTo.set(null);
        return true;
    }

    /** The shown message a reply quotes, by the id the reply carries. */
    public Optional<ChatMessage> original(String referenceId) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).referenceId().filter(referenceId::equals).isPresent()) {
                return Optional.of(messages.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * Scrolls to the message {@code reply} quotes and highlights it: at once when it is shown, else after the older
     * pages up to it were prepended (core finds messages by key, a reply names its original by id: paging from the
     * store is how to reach it).
     */
    public void showOriginal(ChatMessage reply) {
        reply.replyToId().ifPresent(id -> showOriginal(id, QUOTE_PAGES));
    }

    private void showOriginal(String id, int pagesLeft) {
        Optional<ChatMessage> found = original(id);
        if (found.isPresent()) {
            notice.set("");
            scrollTarget.set(null);
            scrollTarget.set(found.get().key());
            return;
        }
        if (pagesLeft == 0 || messages.isEmpty() || closed) {
            notice.set(Strings.get("reply.original.missing"));
            return;
        }
        chats.historyBefore(peer, messages.get(0).key(), PAGE).whenComplete((page, failure) -> ui.execute(() -> {
            if (page == null || page.isEmpty()) {
                notice.set(Strings.get("reply.original.missing"));
                return;
            }
            prepend(page);
            showOriginal(id, pagesLeft - 1);
        }));
    }

    /** The view took the scroll request. */
    public void scrolledToTarget() {
        scrollTarget.set(null);
    }

    /** Who the user is among a message's reactors: the account, or their occupant JID in a room. */
    private String ownReactor(ChatMessage message) {
        if (message.kind() == ChatKind.GROUPCHAT) {
            return peer + "/" + account.rooms().nickname(peer).orElse("");
        }
        return account.jid();
    }

    public Set<String> ownReactions(ChatMessage message) {
        return message.reactions().isEmpty() ? Set.of()
                : message.reactions().getOrDefault(ownReactor(message), Set.of());
    }

    /** The user's reaction {@code emoji} to the message: added, or taken back when they had chosen it (XEP-0444). */
    public void toggleReaction(ChatMessage message, String emoji) {
        if (!canReply(message)) {
            return;
        }
        Set<String> next = new TreeSet<>(ownReactions(message));
        if (!next.remove(emoji)) {
            next.add(emoji);
        }
        report(chats.react(message, next));
    }

    /** Each emoji with how many chose it, most chosen first, then in order. */
    public static Map<String, Integer> reactionCounts(ChatMessage message) {
        Map<String, Integer> counts = new TreeMap<>();
        message.reactions().values().forEach(set -> set.forEach(e -> counts.merge(e, 1, Integer::sum)));
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    public boolean canRetract(ChatMessage message) {
        return message.direction() == Direction.OUTGOING && !message.retracted()
                && message.referenceId().isPresent() && message.status() != MessageStatus.FAILED;
    }

    /** XEP-0424 "delete for everyone", after the view asked; the message then shows as deleted everywhere. */
    public void retract(ChatMessage own) {
        if (canRetract(own)) {
            report(chats.retract(own));
        }
    }

    /**
     * Sends the text of a failed message again, as a new message (core keeps the failed one as it was); the failed
     * one then says it was sent again instead of offering the button twice.
     */
    public void retry(ChatMessage failed) {
        if (failed.status() != MessageStatus.FAILED || failed.body().isBlank() || retried.contains(failed.key())) {
            return;
        }
        retried.add(failed.key());
        Optional<ChatMessage> original = failed.replyToId().flatMap(this::original);
        atBottom.set(true);
        report(original.isPresent() ? chats.reply(original.get(), failed.body()) : chats.send(peer, failed.body()))
                .whenComplete((sent, failure) -> {
                    if (failure != null) {
                        ui.execute(() -> retried.remove(failed.key()));
                    }
                });
    }

    private <T> CompletableFuture<T> report(CompletableFuture<T> action) {
        return action.whenComplete((done, failure) -> {
            if (failure != null) {
                ui.execute(() -> sendError.set(Strings.get("send.error", String.valueOf(unwrap(failure).getMessage()))));
            }
        });
    }

    /** The contact's picture (1:1 chats; a room's occupants have none here), asked once per sender. */
    private void askAvatar(ChatMessage message) {
        if (message.direction() != Direction.INCOMING || message.kind() != ChatKind.CHAT
                || !avatarsAsked.add(message.sender())) {
            return;
        }
        String sender = message.sender();
        account.avatars().avatar(sender).thenAccept(avatar -> avatar.ifPresent(a -> {
            Image image = new Image(new ByteArrayInputStream(a.data()), 64, 64, true, true);
            if (!image.isError()) {
                ui.execute(() -> avatars.put(sender, image));
            }
        }));
    }

    /** Whether a received message came unencrypted into a chat that is meant to be encrypted. */
    public boolean unexpectedPlaintext(ChatMessage message) {
        return message.direction() == Direction.INCOMING && message.encryption() == Encryption.PLAINTEXT
                && !plaintext.get();
    }

    /** The message the next send answers; null when it answers none. */
    public ReadOnlyObjectProperty<ChatMessage> replyingToProperty() {
        return replyingTo;
    }

    /** The key of the first message that was unread when the chat opened: the "new messages" line goes above it. */
    public ReadOnlyObjectProperty<String> firstUnreadProperty() {
        return firstUnread;
    }

    /** A message the view should scroll to and highlight (a reply's original); null once taken. */
    public ReadOnlyObjectProperty<String> scrollTargetProperty() {
        return scrollTarget;
    }

    /** A short note over the composer (a quoted message that is not stored here). */
    public StringProperty noticeProperty() {
        return notice;
    }

    /** Failed messages the user sent again. */
    public ObservableSet<String> retried() {
        return retried;
    }

    /** Contacts' pictures by sender. */
    public ObservableMap<String, Image> avatars() {
        return avatars;
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    public String peer() {
        return peer;
    }

    public String title() {
        return title;
    }

    /** Sending, downloading, showing and saving the chat's files. */
    public ChatFiles files() {
        return files;
    }

    /** Who can read what is sent here, the trust banners and the devices a send waits for. */
    public ChatTrust trust() {
        return trust;
    }

    public String accountJid() {
        return account.jid();
    }

    /** The messages shown, oldest first. */
    public ObservableList<ChatMessage> messages() {
        return messages;
    }

    /** Why a message of this chat failed, by its key. */
    public ObservableMap<String, String> failures() {
        return failures;
    }

    public StringProperty composerProperty() {
        return composer;
    }

    public ReadOnlyObjectProperty<Encryption> encryptionProperty() {
        return encryption;
    }

    /** The chat's state in a few words, for its header. */
    public ReadOnlyStringProperty encryptionSummaryProperty() {
        return encryptionSummary;
    }

    /** Whether the user chose plaintext for this chat: what is sent here is not end-to-end encrypted. */
    public ReadOnlyBooleanProperty plaintextProperty() {
        return plaintext;
    }

    /** "bob is typing…" while the contact types; empty otherwise. */
    public ReadOnlyStringProperty typingProperty() {
        return typing;
    }

    /** The own message the next send corrects; null when it sends a new one. */
    public ReadOnlyObjectProperty<ChatMessage> editingProperty() {
        return editing;
    }

    /** A send was blocked because it could not be encrypted: the view offers plaintext, after confirmation. */
    public ReadOnlyBooleanProperty plaintextOfferedProperty() {
        return plaintextOffered;
    }

    /** What a send will do, in words ("Encrypted …" / "Not encrypted: …"). */
    public ReadOnlyStringProperty encryptionTextProperty() {
        return encryptionText;
    }

    public ReadOnlyStringProperty sendErrorProperty() {
        return sendError;
    }

    public ReadOnlyBooleanProperty loadingOlderProperty() {
        return loadingOlder;
    }

    public ReadOnlyBooleanProperty reachedStartProperty() {
        return reachedStart;
    }

    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded;
    }

    /** Set by the view: whether the user sees the newest message. */
    public BooleanProperty atBottomProperty() {
        return atBottom;
    }

    /** Messages that arrived while the user read further up. */
    public ReadOnlyIntegerProperty unseenProperty() {
        return unseen;
    }
}
