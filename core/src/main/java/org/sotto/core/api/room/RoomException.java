package org.sotto.core.api.room;

import java.util.Objects;

/**
 * A group chat action that did not work, with a reason a window can act on. The sentence ({@link #getMessage()}) is
 * for logs, never to be parsed.
 */
public final class RoomException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The account is not connected (it may be connecting): try again once it is online. */
        NOT_CONNECTED,
        /** The action needs the user to be in the room (join it first). */
        NOT_IN_ROOM,
        /** Someone in the room already uses the nickname (XEP-0045 {@code conflict}). */
        NICKNAME_IN_USE,
        /** The room does not exist and may not be created this way, or the address is not a room. */
        ROOM_NOT_FOUND,
        /** {@code create}: the room exists already (an existing room keeps its own configuration). */
        ROOM_EXISTS,
        /** A members-only room the user is not a member of (XEP-0045 {@code registration-required}). */
        MEMBERS_ONLY,
        /** The user is banned from the room. */
        BANNED,
        /** The room needs a password. */
        PASSWORD_REQUIRED,
        /** The room has as many occupants as it allows. */
        ROOM_FULL,
        /** The room or the service does not let the user do this (not an owner/admin/moderator, creation restricted, …). */
        NOT_ALLOWED,
        /** The server did not answer in time. */
        NO_RESPONSE,
        /** Something else went wrong on the server's side (the cause says what). */
        FAILED
    }

    private final Reason reason;
    private final String room;

    public RoomException(Reason reason, String room, String message) {
        this(reason, room, message, null);
    }

    public RoomException(Reason reason, String room, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason);
        this.room = room;
    }

    public Reason reason() {
        return reason;
    }

    /** The room's bare JID (empty for actions that concern no room, e.g. reading bookmarks). */
    public String room() {
        return room == null ? "" : room;
    }
}
