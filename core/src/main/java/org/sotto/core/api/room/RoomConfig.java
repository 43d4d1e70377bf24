package org.sotto.core.api.room;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a new room is like. {@link #privateRoom} gives the defaults for end-to-end encryption: members-only and
 * non-anonymous (anyone may see real JIDs), as OMEMO in rooms needs; the room is persistent either way.
 *
 * @param members people made members and invited once the room exists (bare JIDs)
 */
public record RoomConfig(String room, String nickname, Optional<String> name, Optional<String> description,
                         Set<String> members, boolean membersOnly, boolean nonAnonymous) {
    public RoomConfig {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(nickname, "nickname");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        members = Set.copyOf(members);
    }

    /** A members-only, non-anonymous, persistent room: one OMEMO can encrypt for. */
    public static RoomConfig privateRoom(String room, String nickname) {
        return new RoomConfig(room, nickname, Optional.empty(), Optional.empty(), Set.of(), true, true);
    }

    public RoomConfig withName(String roomName) {
        return new RoomConfig(room, nickname, Optional.of(roomName), description, members, membersOnly, nonAnonymous);
    }

    public RoomConfig withDescription(String text) {
        return new RoomConfig(room, nickname, name, Optional.of(text), members, membersOnly, nonAnonymous);
    }

    public RoomConfig withMembers(Set<String> jids) {
        return new RoomConfig(room, nickname, name, description, jids, membersOnly, nonAnonymous);
    }

    /** An open (not members-only) or semi-anonymous room: OMEMO cannot be used there. */
    public RoomConfig withAccess(boolean onlyMembers, boolean realJidsVisible) {
        return new RoomConfig(room, nickname, name, description, members, onlyMembers, realJidsVisible);
    }

    /** True when OMEMO can encrypt in the room (XEP-0384 §5.6 and Sotto's members-only rule). */
    public boolean encryptable() {
        return membersOnly && nonAnonymous;
    }
}
