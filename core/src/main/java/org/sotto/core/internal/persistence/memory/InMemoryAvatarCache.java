package org.sotto.core.internal.persistence.memory;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.sotto.core.api.contacts.Avatar;
import org.sotto.core.internal.persistence.AvatarCache;

/** Avatars in memory, with the same rule as the profile: an image is kept while some JID announces it. */
final class InMemoryAvatarCache implements AvatarCache {
    private final Map<String, Map<String, Avatar>> images = new HashMap<>();
    private final Map<String, Map<String, String>> announced = new HashMap<>();

    @Override
    public synchronized Optional<String> announced(String account, String jid) {
        return Optional.ofNullable(announced.getOrDefault(account, Map.of()).get(jid));
    }

    @Override
    public synchronized Map<String, String> pictures(String account) {
        Map<String, String> stored = new HashMap<>(announced.getOrDefault(account, Map.of()));
        stored.values().removeIf(sha1 -> !images.getOrDefault(account, Map.of()).containsKey(sha1));
        return stored;
    }

    @Override
    public synchronized boolean contains(String account, String sha1) {
        return images.getOrDefault(account, Map.of()).containsKey(sha1);
    }

    @Override
    public synchronized Optional<Avatar> find(String account, String jid, String sha1) {
        return Optional.ofNullable(images.getOrDefault(account, Map.of()).get(sha1))
                .map(a -> new Avatar(jid, a.data(), a.mimeType(), a.sha1(), a.source()));
    }

    @Override
    public synchronized void announce(String account, String jid, String sha1) {
        announced.computeIfAbsent(account, a -> new HashMap<>()).put(jid, sha1);
        prune(account);
    }

    @Override
    public synchronized void save(String account, Avatar avatar) {
        images.computeIfAbsent(account, a -> new HashMap<>()).putIfAbsent(avatar.sha1(), avatar);
        announce(account, avatar.jid(), avatar.sha1());
    }

    @Override
    public synchronized void forget(String account, String jid) {
        announced.getOrDefault(account, new HashMap<>()).remove(jid);
        prune(account);
    }

    private void prune(String account) {
        Map<String, String> hashes = announced.getOrDefault(account, Map.of());
        images.getOrDefault(account, new HashMap<>()).keySet().removeIf(sha1 -> !hashes.containsValue(sha1));
    }

    @Override
    public synchronized void removeAccount(String account) {
        images.remove(account);
        announced.remove(account);
    }
}
