package org.sotto.store;

import java.time.Instant;

/** Unsent text of a conversation. */
public record Draft(long conversationId, String body, String replyToId, Instant updatedAt) {
}
