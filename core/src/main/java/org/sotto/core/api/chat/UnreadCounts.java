package org.sotto.core.api.chat;

import java.util.Map;
import java.util.TreeMap;

/**
 * Unread messages of one account: per conversation (only conversations with unread messages appear) and in total.
 * Immutable; {@link ChatService#unreadCounts()} holds the current one.
 */
public record UnreadCounts(Map<String, Integer> byConversation) {
    public static final UnreadCounts NONE = new UnreadCounts(Map.of());

    public UnreadCounts {
        Map<String, Integer> copy = new TreeMap<>();
        byConversation.forEach((peer, count) -> {
            if (count < 0) {
                throw new IllegalArgumentException("negative unread count for " + peer + ": " + count);
            }
            if (count > 0) {
                copy.put(peer, count);
            }
        });
        byConversation = Map.copyOf(copy);
    }

    public int of(String peer) {
        return byConversation.getOrDefault(peer, 0);
    }

    public int total() {
        return byConversation.values().stream().mapToInt(Integer::intValue).sum();
    }

    public UnreadCounts with(String peer, int count) {
        Map<String, Integer> next = new TreeMap<>(byConversation);
        next.put(peer, count);
        return new UnreadCounts(next);
    }
}
