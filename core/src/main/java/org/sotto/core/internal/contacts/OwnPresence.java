package org.sotto.core.internal.contacts;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.packet.StanzaFactory;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;

import org.sotto.core.api.contacts.Availability;

/**
 * The presence the user chose last (availability and status text), so it can be sent again unchanged: after the
 * own picture changed, the server stamps the new one with the picture's hash (Prosody's {@code mod_vcard_legacy},
 * XEP-0153), and contacts who log in later are not told an old hash by the last presence it keeps; and at every new
 * login, where Smack would send a plain "available" (a chosen "do not disturb" or "offline" would be lost).
 */
public final class OwnPresence {
    private record Chosen(Availability availability, Optional<String> status) {
    }

    private volatile Chosen chosen = new Chosen(Availability.AVAILABLE, Optional.empty());
    private final List<Runnable> changes = new CopyOnWriteArrayList<>();

    void choose(Availability availability, Optional<String> status) {
        chosen = new Chosen(availability, status);
        changes.forEach(Runnable::run);
    }

    /** Runs {@code change} after each choice, on the chooser's thread. */
    public void onChange(Runnable change) {
        changes.add(change);
    }

    /** Whether the user chose to be seen: anything but "offline" (connected, but not announced as available). */
    public boolean online() {
        return chosen.availability() != Availability.OFFLINE;
    }

    Presence build(StanzaFactory stanzas) {
        PresenceBuilder presence = stanzas.buildPresenceStanza().ofType(Presence.Type.available);
        applyTo(presence);
        return presence.build();
    }

    /**
     * Every broadcast "available" the connection sends carries the chosen presence: Smack's initial presence after a
     * login that resumed no stream included. Directed presences (rooms: {@link #applyToOccupantPresence}) and
     * "unavailable" are left as they are.
     */
    void install(XMPPTCPConnection connection) {
        connection.addPresenceInterceptor(this::applyTo,
                presence -> presence.getTo() == null && presence.getType() == Presence.Type.available);
    }

    private void applyTo(PresenceBuilder presence) {
        Chosen now = chosen;
        presence.ofType(now.availability() == Availability.OFFLINE ? Presence.Type.unavailable : Presence.Type.available)
                .setMode(mode(now.availability())).setStatus(now.status().orElse(null));
    }

    /**
     * Puts the chosen availability and status on a presence to a room the user is in (XEP-0045 §7.2, §7.7): joins,
     * nickname changes and the update after a new choice. "Offline" leaves it as it is: its broadcast "unavailable",
     * which the server also sends to every room the user entered (RFC 6121's directed presence), already takes the
     * user out of them.
     */
    public void applyToOccupantPresence(PresenceBuilder presence) {
        Chosen now = chosen;
        if (now.availability() != Availability.OFFLINE) {
            presence.setMode(mode(now.availability())).setStatus(now.status().orElse(null));
        }
    }

    private static Presence.Mode mode(Availability availability) {
        return switch (availability) {
            case AVAILABLE, OFFLINE -> Presence.Mode.available;
            case CHATTY -> Presence.Mode.chat;
            case AWAY -> Presence.Mode.away;
            case EXTENDED_AWAY -> Presence.Mode.xa;
            case DO_NOT_DISTURB -> Presence.Mode.dnd;
        };
    }
}
