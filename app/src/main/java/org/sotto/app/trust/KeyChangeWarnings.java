package org.sotto.app.trust;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.event.IdentityKeyChanged;
import org.sotto.core.api.event.Subscription;

/**
 * Every changed identity key reported while Sotto runs, kept for the chat it concerns: a chat opened later still
 * shows the warning (core refuses the new key; the warning must not pass unseen because the chat was closed).
 */
public final class KeyChangeWarnings {
    private record Chat(String account, String jid) {
    }

    /** Per chat, per device id: the latest report. */
    private static final Map<Chat, Map<Integer, IdentityKeyChanged>> CHANGES = new ConcurrentHashMap<>();

    private KeyChangeWarnings() {
    }

    /** Follows the profile's reports for all its accounts (the window calls it once the chats show). */
    public static Subscription follow(SottoProfile profile) {
        return profile.subscribe(IdentityKeyChanged.class, Optional.empty(), Runnable::run,
                changes -> changes.forEach(KeyChangeWarnings::record));
    }

    static void record(IdentityKeyChanged change) {
        CHANGES.computeIfAbsent(new Chat(change.account(), change.jid()), c -> new ConcurrentHashMap<>())
                .put(change.deviceId(), change);
    }

    static List<IdentityKeyChanged> of(String account, String jid) {
        return List.copyOf(CHANGES.getOrDefault(new Chat(account, jid), Map.of()).values());
    }

    /** Forgets every report (the window locks: nothing about the user's contacts stays in the window's memory). */
    public static void clear() {
        CHANGES.clear();
    }

    /** Whether a changed key of {@code jid}'s devices waits for the user (the chat list's warning). */
    public static boolean warned(String account, String jid) {
        return !CHANGES.getOrDefault(new Chat(account, jid), Map.of()).isEmpty();
    }

    /** The device's key on record is the presented one now (the user decided): no warning any more. */
    static void resolved(String account, String jid, int deviceId) {
        Map<Integer, IdentityKeyChanged> chat = CHANGES.get(new Chat(account, jid));
        if (chat != null) {
            chat.remove(deviceId);
        }
    }
}
