package org.sotto.core.api.chat;

public enum Direction {
    INCOMING, OUTGOING
}
