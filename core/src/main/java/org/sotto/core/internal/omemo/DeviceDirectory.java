package org.sotto.core.internal.omemo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import org.sotto.core.internal.omemo.element.Base64Text;
import org.sotto.core.internal.omemo.element.DeviceListElement;
import org.sotto.core.internal.persistence.OmemoDeviceLists;
import org.sotto.crypto.OmemoVersion;

/**
 * The device lists an account knows, per JID and version, over the persistent cache ({@link OmemoDeviceLists}).
 * A list is <em>followed</em> when the server pushes its changes to us (PEP +notify: the own account, and contacts
 * with a presence subscription, from their first push on): then it is never fetched again during the connection.
 * Any other list is used for {@link OmemoOptions#deviceListMaxAge()} after it was fetched. Nothing is fresh after a
 * new (non-resumed) login: pushes may have been missed meanwhile. A list naming a device id that none of the JID's
 * known lists (of either version, active or not) had is reported to {@code appeared}, except the first list of a JID.
 */
final class DeviceDirectory {
    private record Key(String jid, OmemoVersion version) {
    }

    /** When a list was last learnt in this connection, and whether its changes are pushed to us. */
    private record Freshness(Instant at, boolean followed) {
    }

    private final String account;
    private final OmemoDeviceLists lists;
    private final Clock clock;
    private final Duration maxAge;
    private final Map<Key, Freshness> fresh = new ConcurrentHashMap<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private final BiConsumer<String, Set<Integer>> appeared;

    /** @param appeared told the JID and its new device ids, after the list is stored */
    DeviceDirectory(String account, OmemoDeviceLists lists, Clock clock, Duration maxAge,
                    BiConsumer<String, Set<Integer>> appeared) {
        this.account = account;
        this.appeared = appeared;
        this.lists = lists;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** The active device ids, if the cached list may be used without fetching it. */
    Optional<Set<Integer>> freshActive(String jid, OmemoVersion version) {
        Freshness f = fresh.get(new Key(jid, version));
        if (f == null || (!f.followed() && !f.at().plus(maxAge).isAfter(clock.instant()))) {
            return Optional.empty();
        }
        return Optional.of(active(jid, version));
    }

    /** The ids on the last list seen (possibly stale). */
    Set<Integer> active(String jid, OmemoVersion version) {
        Set<Integer> ids = new TreeSet<>();
        lists.devices(account, jid, version).stream().filter(OmemoDeviceLists.CachedDevice::active)
                .forEach(d -> ids.add(d.deviceId()));
        return ids;
    }

    List<OmemoDeviceLists.CachedDevice> all(String jid, OmemoVersion version) {
        return lists.devices(account, jid, version);
    }

    /** A list was fetched ({@code followed} false) or pushed to us ({@code followed} true). */
    void seen(String jid, OmemoVersion version, Set<Integer> deviceIds, boolean followed) {
        seen(jid, version, deviceIds.stream().sorted().map(OmemoDeviceLists.Listed::of).toList(), followed);
    }

    /** A list received as published, with the labels it carries (OMEMO 2). */
    void seen(String jid, DeviceListElement list, boolean followed) {
        seen(jid, list.isLegacy() ? OmemoVersion.V0_3 : OmemoVersion.V2, list.devices().stream()
                .map(d -> list.isLegacy() ? OmemoDeviceLists.Listed.of(d.id()) : new OmemoDeviceLists.Listed(d.id(),
                        d.label(), d.labelSignature().map(Base64Text::encode)))
                .toList(), followed);
    }

    private void seen(String jid, OmemoVersion version, List<OmemoDeviceLists.Listed> listed, boolean followed) {
        Set<Integer> deviceIds = new TreeSet<>();
        listed.forEach(d -> deviceIds.add(d.deviceId()));
        Set<Integer> known = new HashSet<>();
        for (OmemoVersion any : OmemoVersion.values()) {
            lists.devices(account, jid, any).forEach(d -> known.add(d.deviceId()));
        }
        lists.update(account, jid, version, listed, clock.instant());
        Key key = new Key(jid, version);
        fresh.merge(key, new Freshness(clock.instant(), followed),
                (old, next) -> new Freshness(next.at(), old.followed() || next.followed()));
        if (!known.isEmpty()) {
            Set<Integer> added = new TreeSet<>(deviceIds);
            added.removeAll(known);
            if (!added.isEmpty()) {
                appeared.accept(jid, added);
            }
        }
    }

    void fetched() {
        fetches.incrementAndGet();
    }

    /** How many device lists were fetched from the server (for tests and benchmarks). */
    int fetchCount() {
        return fetches.get();
    }

    /** The user asks for {@code jid}'s devices as published now: its lists are fetched again unless pushed to us. */
    void refetch(String jid) {
        fresh.entrySet().removeIf(e -> e.getKey().jid().equals(jid) && !e.getValue().followed());
    }

    /** A new login: pushes may have been missed, nothing is fresh. */
    void newConnection() {
        fresh.clear();
    }
}
