package org.sotto.core.api.chat;

/** How {@link Chats#exportHistory} writes a chat: lines of text for reading, or JSON for other programs. */
public enum HistoryFormat {
    /** UTF-8 lines "2026-12-05 14:03 sender: text", continuation lines of a message indented. */
    TEXT,
    /** UTF-8 JSON: {"chat":…,"account":…,"messages":[{time, direction, sender, body, encryption, …}]} */
    JSON
}
