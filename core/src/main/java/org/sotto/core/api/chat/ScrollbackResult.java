package org.sotto.core.api.chat;

import java.util.List;

/** Older messages fetched from the archive; {@code reachedStart} when there is nothing older. */
public record ScrollbackResult(List<ChatMessage> added, boolean reachedStart) {
    public ScrollbackResult {
        added = List.copyOf(added);
    }
}
