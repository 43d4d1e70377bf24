package org.sotto.core.internal.persistence;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.sotto.core.api.contacts.SubscriptionState;

/**
 * The roster of each account as the server last sent it, with its XEP-0237 version: what the contact list shows
 * offline, and what the server's "unchanged since this version" answer refers to. Presence is not part of it.
 */
public interface RosterCache {
    /** One roster item. {@code awaitingApproval}: the user asked to see the contact's presence, no answer yet. */
    record Item(String jid, Optional<String> name, Set<String> groups, SubscriptionState subscription,
                boolean awaitingApproval) {
        public Item {
            Objects.requireNonNull(jid, "jid");
            Objects.requireNonNull(name, "name");
            groups = Set.copyOf(groups);
            Objects.requireNonNull(subscription, "subscription");
        }
    }

    /** The account's items, ordered by JID. */
    List<Item> items(String account);

    /** The version of the stored roster; empty when the server offers no versioning or nothing is stored. */
    Optional<String> version(String account);

    /** A full roster result: the stored items become exactly these, with this version, atomically. */
    void replace(String account, Collection<Item> items, Optional<String> version);

    /** A roster push adding or changing one item, with the version it brought, atomically. */
    void put(String account, Item item, Optional<String> version);

    /** A roster push removing one item, with the version it brought, atomically. */
    void remove(String account, String jid, Optional<String> version);

    void removeAccount(String account);
}
