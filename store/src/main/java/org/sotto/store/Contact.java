package org.sotto.store;

import java.util.Set;

/** A roster entry as last received from the server. */
public record Contact(long accountId, String jid, String name, Subscription subscription, boolean askSubscribe,
                     Set<String> groups) {
    public Contact {
        groups = Set.copyOf(groups);
    }
}
