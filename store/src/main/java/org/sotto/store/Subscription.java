package org.sotto.store;

/** Roster subscription state (RFC 6121). */
public enum Subscription {
    NONE, TO, FROM, BOTH, REMOVE
}
