package org.sotto.core.internal.persistence;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes of one thread that commit together ({@link Persistence#inTransaction}), with the network effects that must
 * follow the commit (receipts, events, OMEMO key transports) held back until it happened. Nested units join the
 * outer one. Nothing inside a unit may wait for the network: Smack's reader thread waits for the inbound journal,
 * which waits for the database, which the unit holds.
 */
public final class UnitOfWork {
    private static final Logger LOG = Logger.getLogger(UnitOfWork.class.getName());
    private static final ThreadLocal<Deque<Pending>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

    /** The actions of an open unit, and the keys of those that run once per unit. */
    private record Pending(List<Runnable> actions, Set<Object> onceKeys,
            Map<Object, Runnable> beforeCommit) {
    }

    private UnitOfWork() {
    }

    /** Runs {@code work} in one transaction of {@code persistence}; after the commit, the deferred actions. */
    public static <T> T run(Persistence persistence, Supplier<T> work) {
        Deque<Pending> open = OPEN.get();
        if (!open.isEmpty()) {
            return work.get(); // joins the outer unit: its actions run after the outer commit
        }
        List<Runnable> afterCommit = new ArrayList<>();
        Pending pending = new Pending(afterCommit, new HashSet<>(), new LinkedHashMap<>());
        open.push(pending);
        T result;
        try {
            result = persistence.inTransaction(() -> {
                T done = work.get();
                // the last write registered per key, still inside the transaction
                while (!pending.beforeCommit().isEmpty()) {
                    Object key = pending.beforeCommit().keySet().iterator().next();
                    pending.beforeCommit().remove(key).run();
                }
                return done;
            });
        } finally {
            open.pop();
        }
        for (Runnable action : afterCommit) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "an action after a commit failed", e);
            }
        }
        return result;
    }

    /** Runs {@code action} after the current unit commits (dropped if it rolls back), or now outside a unit. */
    public static void afterCommit(Runnable action) {
        Deque<Pending> open = OPEN.get();
        if (open.isEmpty()) {
            action.run();
        } else {
            open.peek().actions().add(action);
        }
    }

    /**
     * Like {@link #afterCommit}, but an action with a key already registered in the current unit is dropped: e.g.
     * one OMEMO key transport per sender device for a whole archive page, not one per message.
     */
    public static void afterCommitOnce(Object key, Runnable action) {
        Deque<Pending> open = OPEN.get();
        if (open.isEmpty()) {
            action.run();
        } else if (open.peek().onceKeys().add(key)) {
            open.peek().actions().add(action);
        }
    }

    /**
     * Runs {@code write} at the end of the current unit, inside its transaction (now outside a unit); a later
     * registration with the same key replaces the earlier one: e.g. the archive position written once per page,
     * committed together with the messages it covers.
     */
    public static void beforeCommitLatest(Object key, Runnable write) {
        Deque<Pending> open = OPEN.get();
        if (open.isEmpty()) {
            write.run();
        } else {
            open.peek().beforeCommit().remove(key); // keeps the order of the latest registrations
            open.peek().beforeCommit().put(key, write);
        }
    }

    /** Whether the calling thread is inside a unit of work. */
    public static boolean active() {
        return !OPEN.get().isEmpty();
    }
}
