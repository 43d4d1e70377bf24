package org.sotto.core.internal.persistence.memory;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.sotto.core.internal.persistence.RosterCache;

/** The roster cache in memory: it lasts as long as this object (tests reuse it across a "restart"). */
final class InMemoryRosterCache implements RosterCache {
    private final Map<String, TreeMap<String, Item>> items = new HashMap<>();
    private final Map<String, String> versions = new HashMap<>();

    @Override
    public synchronized List<Item> items(String account) {
        return List.copyOf(items.getOrDefault(account, new TreeMap<>()).values());
    }

    @Override
    public synchronized Optional<String> version(String account) {
        return Optional.ofNullable(versions.get(account));
    }

    @Override
    public synchronized void replace(String account, Collection<Item> roster, Optional<String> version) {
        TreeMap<String, Item> fresh = new TreeMap<>();
        roster.forEach(item -> fresh.put(item.jid(), item));
        items.put(account, fresh);
        setVersion(account, version);
    }

    @Override
    public synchronized void put(String account, Item item, Optional<String> version) {
        items.computeIfAbsent(account, a -> new TreeMap<>()).put(item.jid(), item);
        setVersion(account, version);
    }

    @Override
    public synchronized void remove(String account, String jid, Optional<String> version) {
        items.computeIfAbsent(account, a -> new TreeMap<>()).remove(jid);
        setVersion(account, version);
    }

    private void setVersion(String account, Optional<String> version) {
        if (version.isPresent()) {
            versions.put(account, version.get());
        } else {
            versions.remove(account);
        }
    }

    @Override
    public synchronized void removeAccount(String account) {
        items.remove(account);
        versions.remove(account);
    }
}
