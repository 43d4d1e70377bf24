package org.sotto.core.api.event;

import java.util.Optional;

import org.sotto.core.api.contacts.Avatar;

/**
 * A contact's (or the user's own) avatar changed: announced by a XEP-0084 metadata notification or a XEP-0153
 * photo hash in presence, and fetched again. Empty when the avatar was removed.
 */
public record AvatarChanged(String account, String jid, Optional<Avatar> avatar) implements SottoEvent {
}
