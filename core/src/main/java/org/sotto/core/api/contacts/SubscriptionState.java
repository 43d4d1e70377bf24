package org.sotto.core.api.contacts;

/** RFC 6121 subscription of a roster item: who sees whose presence. */
public enum SubscriptionState {
    /** Neither sees the other. */
    NONE,
    /** The user sees the contact's presence. */
    TO,
    /** The contact sees the user's presence. */
    FROM,
    /** Both see each other. */
    BOTH
}
