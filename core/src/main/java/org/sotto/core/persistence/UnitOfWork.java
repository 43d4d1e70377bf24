package org.sotto.core.persistence;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
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
    private static final ThreadLocal<Deque<List<Runnable>>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

    private UnitOfWork() {
    }

    /** Runs {@code work} in one transaction of {@code persistence}; after the commit, the deferred actions. */
    public static <T> T run(Persistence persistence, Supplier<T> work) {
        Deque<List<Runnable>> open = OPEN.get();
        if (!open.isEmpty()) {
            return work.get(); // joins the outer unit: its actions run after the outer commit
        }
        List<Runnable> afterCommit = new ArrayList<>();
        open.push(afterCommit);
        T result;
        try {
            result = persistence.inTransaction(work);
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
        Deque<List<Runnable>> open = OPEN.get();
        if (open.isEmpty()) {
            action.run();
        } else {
            open.peek().add(action);
        }
    }

    /** Whether the calling thread is inside a unit of work. */
    public static boolean active() {
        return !OPEN.get().isEmpty();
    }
}
