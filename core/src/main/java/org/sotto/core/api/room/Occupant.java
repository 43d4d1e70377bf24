package org.sotto.core.api.room;

import java.util.Objects;
import java.util.Optional;

import org.sotto.core.api.contacts.Availability;

/**
 * Someone in a group chat now.
 *
 * @param jid      their real bare JID, when the room shows it (non-anonymous rooms, or to moderators)
 * @param presence what their presence in the room says (never OFFLINE: who leaves is no longer an occupant)
 * @param self     this is the user
 */
public record Occupant(String nickname, Optional<String> jid, Role role, Affiliation affiliation,
                       Availability presence, Optional<String> status, boolean self) {
    public Occupant {
        Objects.requireNonNull(nickname, "nickname");
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(affiliation, "affiliation");
        Objects.requireNonNull(presence, "presence");
        Objects.requireNonNull(status, "status");
    }
}
