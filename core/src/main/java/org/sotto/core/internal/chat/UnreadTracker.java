package org.sotto.core.internal.chat;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.UnreadCounts;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.event.MessageUpdated;
import org.sotto.core.api.event.ObservableValue;
import org.sotto.core.api.event.Subscription;
import org.sotto.core.api.event.UnreadCountChanged;
import org.sotto.core.internal.chat.pipeline.PipelineContext;

/**
 * Keeps the account's {@link UnreadCounts} current. The counts are derived from the stored messages (an incoming
 * message is unread until it is DISPLAYED or retracted), so they survive restarts and need no counter of their own;
 * this class only recounts the conversations that message events touched, coalesced on the account's worker, and
 * publishes {@link UnreadCountChanged}. An own message (written here or on another client of the user) means the
 * user saw the conversation: the incoming messages before it become read.
 */
final class UnreadTracker {
    private final PipelineContext context;
    private final ExecutorService worker;
    private final ReadState readState;
    private final ObservableValue<UnreadCounts> counts;
    /** Conversations to recount; guarded by itself. */
    private final Set<String> dirty = new LinkedHashSet<>();
    private final Subscription added;
    private final Subscription updated;

    UnreadTracker(PipelineContext context, ExecutorService worker, ReadState readState) {
        this.context = context;
        this.worker = worker;
        this.readState = readState;
        this.counts = new ObservableValue<>(UnreadCounts.NONE, context.events()::execute);
        onWorker(() -> counts.set(new UnreadCounts(context.log().unreadCounts(context.account()))));
        this.added = context.events().subscribe(MessageAdded.class, e -> {
            if (e.account().equals(context.account())) {
                ChatMessage message = e.message();
                if (message.direction() == Direction.OUTGOING) {
                    onWorker(() -> readState.markReadUpTo(message));
                }
                recount(message.peer());
            }
        });
        this.updated = context.events().subscribe(MessageUpdated.class, e -> {
            if (e.account().equals(context.account()) && e.message().direction() == Direction.INCOMING) {
                recount(e.message().peer());
            }
        });
    }

    ObservableValue<UnreadCounts> counts() {
        return counts;
    }

    private void recount(String peer) {
        boolean schedule;
        synchronized (dirty) {
            schedule = dirty.isEmpty();
            dirty.add(peer);
        }
        if (schedule) {
            onWorker(this::recountDirty);
        }
    }

    private void recountDirty() {
        Set<String> peers;
        synchronized (dirty) {
            peers = new LinkedHashSet<>(dirty);
            dirty.clear();
        }
        for (String peer : peers) {
            int unread = context.log().unreadCount(context.account(), peer);
            UnreadCounts current = counts.get();
            if (current.of(peer) != unread) {
                UnreadCounts next = current.with(peer, unread);
                counts.set(next);
                context.events().publish(new UnreadCountChanged(context.account(), peer, unread, next.total()));
            }
        }
    }

    private void onWorker(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            close(); // the account's session was closed
        }
    }

    void close() {
        added.close();
        updated.close();
    }
}
