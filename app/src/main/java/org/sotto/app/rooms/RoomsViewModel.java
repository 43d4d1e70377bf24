package org.sotto.app.rooms;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.sotto.app.contacts.ContactsViewModel;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.event.Subscription;
import org.sotto.core.api.room.Bookmark;
import org.sotto.core.api.room.Invitation;
import org.sotto.core.api.room.RoomConfig;
import org.sotto.core.api.room.RoomException;

/**
 * One account's group chats as the window offers them: join a room by address or from a bookmark, create one
 * (members-only and non-anonymous, so OMEMO can encrypt there), and the invitations waiting for an answer. Every
 * action completes on the UI executor with its failure in words (empty when it worked); a room entered is handed to
 * {@code entered}, which opens it.
 */
public final class RoomsViewModel {
    private final Account account;
    private final UiExecutor ui;
    private final Consumer<String> entered;
    private final ObservableList<Invitation> invitations = FXCollections.observableArrayList();
    private final ObservableList<Bookmark> bookmarks = FXCollections.observableArrayList();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private boolean closed;

    public RoomsViewModel(Account account, UiExecutor ui, Consumer<String> entered) {
        this.account = Objects.requireNonNull(account);
        this.ui = Objects.requireNonNull(ui);
        this.entered = Objects.requireNonNull(entered);
    }

    /** Follows the invitations (bookmarks are read by {@link #loadBookmarks()}, when the dialog opens). */
    public void start() {
        subscriptions.add(account.rooms().invitations().subscribe(list -> ui.execute(() -> {
            if (!closed) {
                invitations.setAll(list);
            }
        })));
    }

    public void close() {
        closed = true;
        subscriptions.forEach(Subscription::close);
        subscriptions.clear();
        invitations.clear();
    }

    /** Reads the bookmarks; completes with the failure in words, empty when they were read. */
    public CompletableFuture<Optional<String>> loadBookmarks() {
        return outcome(account.rooms().bookmarks(), "", list -> bookmarks.setAll(list));
    }

    /** What is wrong with a typed room address, in words; empty when it can be one. */
    public static Optional<String> addressError(String typed) {
        String address = typed.strip();
        if (address.isEmpty()) {
            return Optional.of(Strings.get("rooms.error.addressEmpty"));
        }
        Optional<String> invalid = ContactsViewModel.addressError(address);
        if (invalid.isPresent() || !address.substring(address.indexOf('@') + 1).contains(".")
                && !address.substring(address.indexOf('@') + 1).equals("localhost")) {
            return Optional.of(Strings.get("rooms.error.address", address));
        }
        return Optional.empty();
    }

    /** What is wrong with a nickname, in words; empty when it will do. */
    public static Optional<String> nicknameError(String typed) {
        String nickname = typed.strip();
        if (nickname.isEmpty()) {
            return Optional.of(Strings.get("rooms.error.nicknameEmpty"));
        }
        if (nickname.length() > 64 || nickname.chars().anyMatch(Character::isISOControl)) {
            return Optional.of(Strings.get("rooms.error.nickname"));
        }
        return Optional.empty();
    }

    /** The account's local part: the nickname offered until the user types another. */
    public String defaultNickname() {
        String jid = account.jid();
        return jid.indexOf('@') > 0 ? jid.substring(0, jid.indexOf('@')) : jid;
    }

    public String accountJid() {
        return account.jid();
    }

    /** Enters the room under {@code nickname}; completes with the failure in words, empty once the room is open. */
    public CompletableFuture<Optional<String>> join(String typedAddress, String typedNickname) {
        Optional<String> invalid = addressError(typedAddress).or(() -> nicknameError(typedNickname));
        if (invalid.isPresent()) {
            return CompletableFuture.completedFuture(invalid);
        }
        String room = typedAddress.strip().toLowerCase(Locale.ROOT);
        return enter(room, () -> account.rooms().join(room, typedNickname.strip()));
    }

    /**
     * Creates a members-only, non-anonymous room (OMEMO can encrypt there) with a name, a description and the
     * contacts listed (comma- or space-separated addresses), who are made members and invited.
     */
    public CompletableFuture<Optional<String>> create(String typedAddress, String name, String description,
                                                      String typedMembers, String typedNickname) {
        Optional<String> invalid = addressError(typedAddress).or(() -> nicknameError(typedNickname));
        Set<String> members = new LinkedHashSet<>();
        for (String member : typedMembers.split("[,\\s]+")) {
            if (member.isBlank() || invalid.isPresent()) {
                continue;
            }
            Optional<String> wrong = ContactsViewModel.addressError(member);
            if (wrong.isPresent()) {
                invalid = Optional.of(Strings.get("rooms.error.member", member.strip()));
            } else {
                members.add(member.strip().toLowerCase(Locale.ROOT));
            }
        }
        if (invalid.isPresent()) {
            return CompletableFuture.completedFuture(invalid);
        }
        String room = typedAddress.strip().toLowerCase(Locale.ROOT);
        RoomConfig config = RoomConfig.privateRoom(room, typedNickname.strip()).withMembers(members);
        if (!name.isBlank()) {
            config = config.withName(name.strip());
        }
        if (!description.isBlank()) {
            config = config.withDescription(description.strip());
        }
        RoomConfig chosen = config;
        return enter(room, () -> account.rooms().create(chosen));
    }

    /** Joins the invitation's room under {@code nickname}; the invitation goes once the room is entered. */
    public CompletableFuture<Optional<String>> accept(Invitation invitation, String typedNickname) {
        Optional<String> invalid = nicknameError(typedNickname);
        if (invalid.isPresent()) {
            return CompletableFuture.completedFuture(invalid);
        }
        return enter(invitation.room(), () -> account.rooms().accept(invitation, typedNickname.strip()));
    }

    /** Tells the inviter no. */
    public CompletableFuture<Optional<String>> decline(Invitation invitation) {
        return outcome(call(() -> account.rooms().decline(invitation, Optional.empty())), invitation.room(),
                done -> invitations.remove(invitation));
    }

    private CompletableFuture<Optional<String>> enter(String room, Supplier<CompletableFuture<Void>> action) {
        return outcome(call(action), room, done -> entered.accept(room));
    }

    private static <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> action) {
        try {
            return action.get();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private <T> CompletableFuture<Optional<String>> outcome(CompletionStage<T> future, String room,
                                                           Consumer<T> onSuccess) {
        CompletableFuture<Optional<String>> words = new CompletableFuture<>();
        future.whenComplete((value, failure) -> ui.execute(() -> {
            if (failure == null) {
                if (!closed) {
                    onSuccess.accept(value);
                }
                words.complete(Optional.empty());
            } else {
                words.complete(Optional.of(describe(failure, room)));
            }
        }));
        return words;
    }

    /** A failed group chat action in words. */
    public static String describe(Throwable failure, String room) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RoomException refused) {
            return describe(refused.reason(), refused.room().isEmpty() ? room : refused.room());
        }
        if (cause instanceof IllegalArgumentException) {
            return Strings.get("rooms.error.invalid", String.valueOf(cause.getMessage()));
        }
        return Strings.get("rooms.error.FAILED", room);
    }

    public static String describe(RoomException.Reason reason, String room) {
        return switch (reason) {
            case NOT_CONNECTED -> Strings.get("rooms.error.NOT_CONNECTED");
            case NOT_IN_ROOM -> Strings.get("rooms.error.NOT_IN_ROOM", room);
            case NICKNAME_IN_USE -> Strings.get("rooms.error.NICKNAME_IN_USE");
            case ROOM_NOT_FOUND -> Strings.get("rooms.error.ROOM_NOT_FOUND", room);
            case ROOM_EXISTS -> Strings.get("rooms.error.ROOM_EXISTS", room);
            case MEMBERS_ONLY -> Strings.get("rooms.error.MEMBERS_ONLY", room);
            case BANNED -> Strings.get("rooms.error.BANNED", room);
            case PASSWORD_REQUIRED -> Strings.get("rooms.error.PASSWORD_REQUIRED", room);
            case ROOM_FULL -> Strings.get("rooms.error.ROOM_FULL", room);
            case NOT_ALLOWED -> Strings.get("rooms.error.NOT_ALLOWED", room);
            case NO_RESPONSE -> Strings.get("rooms.error.NO_RESPONSE");
            case FAILED -> Strings.get("rooms.error.FAILED", room);
        };
    }

    /** Invitations received and not answered yet, oldest first. */
    public ObservableList<Invitation> invitations() {
        return invitations;
    }

    /** The bookmarks as last read ({@link #loadBookmarks()}). */
    public ObservableList<Bookmark> bookmarks() {
        return bookmarks;
    }

    /** Who invited, in words: "bob@example.org invites you to plans@conference.example.org". */
    public static String invitationText(Invitation invitation) {
        return invitation.reason().filter(r -> !r.isBlank())
                .map(reason -> Strings.get("rooms.invitation.reason", invitation.inviter(), invitation.room(), reason))
                .orElse(Strings.get("rooms.invitation", invitation.inviter(), invitation.room()));
    }
}
