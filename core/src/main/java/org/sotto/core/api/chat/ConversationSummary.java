package org.sotto.core.api.chat;

import java.util.Objects;

/** One entry of the conversation list: the newest message and how many messages are unread. */
public record ConversationSummary(String peer, ChatMessage newest, int unread) {
    public ConversationSummary {
        Objects.requireNonNull(peer);
        Objects.requireNonNull(newest);
    }
}
