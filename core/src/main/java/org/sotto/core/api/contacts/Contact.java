package org.sotto.core.api.contacts;

import java.util.Optional;
import java.util.Set;

/**
 * A roster entry with its current presence.
 *
 * @param awaitingApproval the user asked to see the contact's presence and the contact has not answered yet
 */
public record Contact(String jid, Optional<String> name, Set<String> groups, SubscriptionState subscription,
                      boolean awaitingApproval, Availability availability, Optional<String> status) {
    public Contact {
        groups = Set.copyOf(groups);
    }
}
