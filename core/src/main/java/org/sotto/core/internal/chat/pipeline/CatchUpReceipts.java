package org.sotto.core.internal.chat.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Delivery receipts owed for messages a catch-up fetched from the archive. XEP-0184 lets a client send them (the
 * catch-up is the first receipt), but sent while the server is still serving the archive they compete with it: with
 * the sender offline, Prosody needed as long to store 10 000 receipts as to serve the 10 000 messages. So they are
 * held until the catch-up ends, then go out in chunks on the account's worker, and live stanzas queued meanwhile
 * are handled between the chunks. Only receipts for committed messages are held (see {@link AcknowledgeStage}).
 */
public final class CatchUpReceipts {
    static final int CHUNK = 250;
    private final Executor worker;
    private final List<Runnable> owed = new ArrayList<>();

    /** @param worker the account's worker, which sends every chunk */
    public CatchUpReceipts(Executor worker) {
        this.worker = worker;
    }

    synchronized void owe(Runnable send) {
        owed.add(send);
    }

    /** Queues what is owed on the worker, in order and in chunks; called when a catch-up ends, also by failing. */
    public void release() {
        List<Runnable> due;
        synchronized (this) {
            due = List.copyOf(owed);
            owed.clear();
        }
        for (int start = 0; start < due.size(); start += CHUNK) {
            List<Runnable> chunk = due.subList(start, Math.min(due.size(), start + CHUNK));
            try {
                worker.execute(() -> chunk.forEach(Runnable::run));
            } catch (RejectedExecutionException closing) {
                return; // the account is closing: like receipts owed while offline, these are not sent
            }
        }
    }
}
