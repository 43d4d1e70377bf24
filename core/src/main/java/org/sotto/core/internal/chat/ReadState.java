package org.sotto.core.internal.chat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.event.MessageUpdated;
import org.sotto.core.internal.chat.pipeline.PipelineContext;

/**
 * Marks incoming messages read locally (status RECEIVED → DISPLAYED) up to a point of a conversation, and tells
 * listeners with {@link MessageUpdated}. Sends nothing. Worker thread.
 */
final class ReadState {
    private static final int PAGE = 200;
    private final PipelineContext context;

    ReadState(PipelineContext context) {
        this.context = context;
    }

    /** Every unread incoming message of the conversation at or before {@code upTo}'s time; returns how many. */
    int markReadUpTo(ChatMessage upTo) {
        return markRead(upTo.peer(), Optional.of(upTo.timestamp().plusNanos(1)));
    }

    /** Every unread incoming message of the conversation. */
    int markAllRead(String peer) {
        return markRead(peer, Optional.empty());
    }

    private int markRead(String peer, Optional<Instant> before) {
        if (context.log().unreadCount(context.account(), peer) == 0) {
            return 0;
        }
        int marked = 0;
        Optional<Instant> page = before;
        while (true) {
            List<ChatMessage> older = context.log().history(context.account(), peer, page, PAGE);
            boolean anyUnread = false;
            for (ChatMessage message : older) {
                if (message.unread()) {
                    anyUnread = true;
                    ChatMessage read = message.withStatus(MessageStatus.DISPLAYED);
                    context.log().update(read);
                    context.events().publish(new MessageUpdated(context.account(), read));
                    marked++;
                }
            }
            // unread messages are the newest ones: a page without any means the older ones were read before
            if (!anyUnread || older.size() < PAGE) {
                return marked;
            }
            page = Optional.of(older.get(0).timestamp());
        }
    }
}
