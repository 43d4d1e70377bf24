package org.sotto.store;

/** Whether a message came in or went out. */
public enum Direction {
    INCOMING, OUTGOING
}
