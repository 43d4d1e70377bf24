package org.sotto.core.api.event;

import java.util.Optional;

/**
 * Someone invited the user into a group chat (XEP-0045 mediated invitation). {@code inviter} is a bare JID, or the
 * inviter's occupant JID (room/nick) when the room does not reveal real JIDs.
 */
public record InvitationReceived(String account, String room, String inviter, Optional<String> reason) implements SottoEvent {
}
