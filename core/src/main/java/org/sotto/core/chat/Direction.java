package org.sotto.core.chat;

public enum Direction {
    INCOMING, OUTGOING
}
