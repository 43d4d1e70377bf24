package org.sotto.core.api.room;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An invitation into a group chat (XEP-0045 mediated invitation), waiting for the user's answer.
 *
 * @param inviter a bare JID, or the inviter's occupant JID (room/nick) when the room does not reveal real JIDs
 */
public record Invitation(String room, String inviter, Optional<String> reason, Instant received) {
    public Invitation {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(inviter, "inviter");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(received, "received");
    }
}
