package org.sotto.core.internal.contacts;

import java.util.Optional;

import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaFactory;

import org.sotto.core.api.contacts.Availability;

/**
 * The presence the user chose last (availability and status text), so it can be sent again unchanged: after the
 * own picture changed, the server stamps the new one with the picture's hash (Prosody's {@code mod_vcard_legacy},
 * XEP-0153), and contacts who log in later are not told an old hash by the last presence it keeps.
 */
public final class OwnPresence {
    private record Chosen(Availability availability, Optional<String> status) {
    }

    private volatile Chosen chosen = new Chosen(Availability.AVAILABLE, Optional.empty());

    void choose(Availability availability, Optional<String> status) {
        chosen = new Chosen(availability, status);
    }

    boolean online() {
        return chosen.availability() != Availability.OFFLINE;
    }

    Presence build(StanzaFactory stanzas) {
        Chosen now = chosen;
        Presence.Mode mode = switch (now.availability()) {
            case AVAILABLE, OFFLINE -> Presence.Mode.available;
            case CHATTY -> Presence.Mode.chat;
            case AWAY -> Presence.Mode.away;
            case EXTENDED_AWAY -> Presence.Mode.xa;
            case DO_NOT_DISTURB -> Presence.Mode.dnd;
        };
        return stanzas.buildPresenceStanza()
                .ofType(now.availability() == Availability.OFFLINE ? Presence.Type.unavailable : Presence.Type.available)
                .setMode(mode).setStatus(now.status().orElse(null)).build();
    }
}
