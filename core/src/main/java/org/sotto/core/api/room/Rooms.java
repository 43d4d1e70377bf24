package org.sotto.core.api.room;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.sotto.core.api.event.ObservableValue;

/**
 * One account's group chats (XEP-0045). A room's messages are a conversation of kind GROUPCHAT: send, reply, react,
 * history and the timeline go through {@code Chats} with the room's JID as the peer. Actions that need the server
 * fail with a {@link RoomException} (reason {@code NOT_CONNECTED} while offline); an address or nickname that is not
 * valid is an {@link IllegalArgumentException} at once.
 */
public interface Rooms {
    /** Enters the room (creating an open instant room if it does not exist) and fetches its recent archive. */
    CompletableFuture<Void> join(String room, String nickname);

    /**
     * Creates the room, configures it (name, description, members-only and non-anonymous by default), makes the
     * listed people members and invites them. Fails with {@code ROOM_EXISTS} when the room exists.
     */
    CompletableFuture<Void> create(RoomConfig config);

    CompletableFuture<Void> leave(String room);

    /** The rooms the user is in (or re-entering after a reconnect). */
    Set<String> joined();

    /** The user's nickname in a room they are in. */
    Optional<String> nickname(String room);

    CompletableFuture<Void> changeNickname(String room, String nickname);

    /** The room's subject as last announced. */
    CompletableFuture<Optional<String>> subject(String room);

    CompletableFuture<Void> changeSubject(String room, String subject);

    /** Invites a contact (in a members-only room, Prosody makes them a member). */
    CompletableFuture<Void> invite(String room, String contact, Optional<String> reason);

    /** Invitations received in this run and not answered yet, oldest first. */
    ObservableValue<List<Invitation>> invitations();

    /** Joins the room of the invitation under this nickname; the invitation is answered once the room is entered. */
    CompletableFuture<Void> accept(Invitation invitation, String nickname);

    /** Tells the inviter no (XEP-0045 §7.8.2 decline) and forgets the invitation. */
    CompletableFuture<Void> decline(Invitation invitation, Optional<String> reason);

    /** XEP-0402 (PEP) bookmarks where the server keeps XEP-0048 in sync, else XEP-0048 private storage. */
    CompletableFuture<List<Bookmark>> bookmarks();

    /** Adds or replaces the bookmark of a room; {@code autojoin} rooms are entered at every login. */
    CompletableFuture<Void> bookmark(String room, String name, Optional<String> nickname, boolean autojoin);

    CompletableFuture<Void> removeBookmark(String room);

    /**
     * Who is in the room now, sorted by nickname, with role, affiliation and presence; kept up to date while the user
     * is in the room, empty when they are not.
     */
    ObservableValue<List<Occupant>> occupants(String room);

    /** Whether a send to the room is encrypted, and why not; kept up to date. */
    ObservableValue<RoomEncryptionState> encryption(String room);
}
