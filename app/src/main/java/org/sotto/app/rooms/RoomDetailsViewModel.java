package org.sotto.app.rooms;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.sotto.app.contacts.ContactsViewModel;
import org.sotto.app.trust.TrustViewModel;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.event.Subscription;
import org.sotto.core.api.room.Bookmark;
import org.sotto.core.api.room.Occupant;

/**
 * The pane beside a room's chat: who is in it (role and presence in words), the user's nickname, the bookmark with
 * its "join at login", inviting a contact, leaving and joining again; a member's trust dialog for their real JID
 * where the room shows it. Failures in {@link #errorProperty()}, in words.
 */
public final class RoomDetailsViewModel {
    private final Account account;
    private final String room;
    private final String title;
    private final UiExecutor ui;
    private final Runnable left;
    private final ObservableList<Occupant> occupants = FXCollections.observableArrayList();
    private final StringProperty nickname = new SimpleStringProperty("");
    private final StringProperty invitee = new SimpleStringProperty("");
    private final StringProperty subject = new SimpleStringProperty("");
    private final BooleanProperty inRoom = new SimpleBooleanProperty();
    private final BooleanProperty bookmarked = new SimpleBooleanProperty();
    private final BooleanProperty autojoin = new SimpleBooleanProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty info = new SimpleStringProperty("");
    private final List<Subscription> subscriptions = new ArrayList<>();
    private Optional<String> bookmarkedNickname = Optional.empty();
    private boolean closed;

    /** {@code left}: the user left the room from here (the window closes the chat). */
    public RoomDetailsViewModel(Account account, String room, String title, UiExecutor ui, Runnable left) {
        this.account = Objects.requireNonNull(account);
        this.room = Objects.requireNonNull(room);
        this.title = Objects.requireNonNull(title);
        this.ui = Objects.requireNonNull(ui);
        this.left = Objects.requireNonNull(left);
    }

    public void start() {
        nickname.set(account.rooms().nickname(room).orElse(defaultNickname()));
        inRoom.set(account.rooms().joined().contains(room));
        subscriptions.add(account.rooms().occupants(room).subscribe(list -> {
            boolean joined = account.rooms().joined().contains(room); // read here, on core's thread
            Optional<String> own = account.rooms().nickname(room);
            ui.execute(() -> {
                if (!closed) {
                    occupants.setAll(list);
                    inRoom.set(joined);
                    own.ifPresent(nickname::set);
                }
            });
        }));
        account.rooms().subject(room).whenComplete((text, failure) -> ui.execute(() -> {
            if (!closed && text != null) {
                subject.set(text.orElse(""));
            }
        }));
        account.rooms().bookmarks().whenComplete((list, failure) -> ui.execute(() -> {
            if (!closed && list != null) {
                Optional<Bookmark> mine = list.stream().filter(b -> b.room().equals(room)).findFirst();
                bookmarked.set(mine.isPresent());
                autojoin.set(mine.map(Bookmark::autojoin).orElse(false));
                bookmarkedNickname = mine.flatMap(Bookmark::nickname);
            }
        }));
    }

    public void close() {
        closed = true;
        subscriptions.forEach(Subscription::close);
        subscriptions.clear();
        occupants.clear();
    }

    private String defaultNickname() {
        String jid = account.jid();
        return jid.indexOf('@') > 0 ? jid.substring(0, jid.indexOf('@')) : jid;
    }

    /** Takes the nickname typed ({@link #nicknameProperty()}) in the room. */
    public CompletableFuture<Void> saveNickname() {
        Optional<String> invalid = RoomsViewModel.nicknameError(nickname.get());
        if (invalid.isPresent()) {
            error.set(invalid.get());
            return CompletableFuture.completedFuture(null);
        }
        String chosen = nickname.get().strip();
        if (account.rooms().nickname(room).equals(Optional.of(chosen))) {
            return CompletableFuture.completedFuture(null);
        }
        return act(() -> account.rooms().changeNickname(room, chosen), () -> info.set(
                Strings.get("rooms.details.nicknameChanged", chosen)));
    }

    /** Sets the subject typed ({@link #subjectProperty()}). */
    public CompletableFuture<Void> saveSubject() {
        String text = subject.get().strip();
        return act(() -> account.rooms().changeSubject(room, text), () -> info.set(Strings.get("rooms.details.subjectChanged")));
    }

    /** Bookmarks the room (or forgets the bookmark), with "join at login" as chosen. */
    public CompletableFuture<Void> saveBookmark(boolean keep, boolean joinAtLogin) {
        if (!keep) {
            return act(() -> account.rooms().removeBookmark(room), () -> {
                bookmarked.set(false);
                autojoin.set(false);
            });
        }
        Optional<String> nick = account.rooms().nickname(room).or(() -> bookmarkedNickname);
        return act(() -> account.rooms().bookmark(room, title, nick, joinAtLogin), () -> {
            bookmarked.set(true);
            autojoin.set(joinAtLogin);
        });
    }

    /** Invites the contact typed ({@link #inviteeProperty()}). */
    public CompletableFuture<Void> invite() {
        Optional<String> invalid = ContactsViewModel.addressError(invitee.get());
        if (invalid.isPresent()) {
            error.set(invalid.get());
            return CompletableFuture.completedFuture(null);
        }
        String contact = invitee.get().strip();
        return act(() -> account.rooms().invite(room, contact, Optional.empty()), () -> {
            invitee.set("");
            info.set(Strings.get("rooms.details.invited", contact));
        });
    }

    public CompletableFuture<Void> leave() {
        return act(() -> account.rooms().leave(room), () -> {
            inRoom.set(false);
            occupants.clear();
            left.run();
        });
    }

    /** Enters the room again under the nickname typed. */
    public CompletableFuture<Void> rejoin() {
        Optional<String> invalid = RoomsViewModel.nicknameError(nickname.get());
        if (invalid.isPresent()) {
            error.set(invalid.get());
            return CompletableFuture.completedFuture(null);
        }
        return act(() -> account.rooms().join(room, nickname.get().strip()), () -> inRoom.set(true));
    }

    private CompletableFuture<Void> act(Supplier<CompletableFuture<Void>> action, Runnable done) {
        error.set("");
        info.set("");
        busy.set(true);
        CompletableFuture<Void> future;
        try {
            future = action.get();
        } catch (IllegalArgumentException e) {
            future = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> finished = new CompletableFuture<>();
        future.whenComplete((ok, failure) -> ui.execute(() -> {
            busy.set(false);
            if (!closed) {
                if (failure == null) {
                    done.run();
                } else {
                    error.set(RoomsViewModel.describe(failure, room));
                }
            }
            finished.complete(null);
        }));
        return finished;
    }

    /** Whether the occupant's devices can be shown: the room shows their real JID, and it is not the user. */
    public static boolean hasDevices(Occupant occupant) {
        return occupant.jid().isPresent() && !occupant.self();
    }

    /** The trust dialog's model for an occupant's real JID; empty when {@link #hasDevices} is not. */
    public Optional<TrustViewModel> trust(Occupant occupant) {
        return occupant.jid().filter(jid -> hasDevices(occupant))
                .map(jid -> TrustViewModel.forJid(account, jid, occupant.nickname(), ui));
    }

    /** "moderator, available", "participant, away: at lunch". */
    public static String describe(Occupant occupant) {
        String role = switch (occupant.role()) {
            case MODERATOR -> Strings.get("rooms.role.moderator");
            case PARTICIPANT -> Strings.get("rooms.role.participant");
            case VISITOR -> Strings.get("rooms.role.visitor");
            case NONE -> Strings.get("rooms.role.none");
        };
        String presence = ContactsViewModel.presenceText(occupant.presence());
        String words = occupant.status().filter(s -> !s.isBlank())
                .map(status -> Strings.get("rooms.occupant.status", role, presence, status))
                .orElse(Strings.get("rooms.occupant.state", role, presence));
        return occupant.self() ? Strings.get("rooms.occupant.you", words) : words;
    }

    public String room() {
        return room;
    }

    public String title() {
        return title;
    }

    public ObservableList<Occupant> occupants() {
        return occupants;
    }

    public StringProperty nicknameProperty() {
        return nickname;
    }

    public StringProperty subjectProperty() {
        return subject;
    }

    public StringProperty inviteeProperty() {
        return invitee;
    }

    public ReadOnlyBooleanProperty inRoomProperty() {
        return inRoom;
    }

    public ReadOnlyBooleanProperty bookmarkedProperty() {
        return bookmarked;
    }

    public ReadOnlyBooleanProperty autojoinProperty() {
        return autojoin;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    public ReadOnlyStringProperty infoProperty() {
        return info;
    }
}
