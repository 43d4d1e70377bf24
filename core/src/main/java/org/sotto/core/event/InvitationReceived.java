package org.sotto.core.event;

import java.util.Optional;

/** Someone invited the user into a group chat (XEP-0045 mediated invitation). */
public record InvitationReceived(String account, String room, String inviter, Optional<String> reason) implements SottoEvent {
}
