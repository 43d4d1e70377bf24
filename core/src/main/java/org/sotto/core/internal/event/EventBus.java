package org.sotto.core.internal.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.sotto.core.api.event.SottoEvent;
import org.sotto.core.api.event.Subscription;

/**
 * Delivers events to listeners on one dedicated thread, in publishing order, never on Smack's network threads.
 * A listener that throws is logged and does not stop the others.
 */
public final class EventBus implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventBus.class.getName());

    private record Listener<T extends SottoEvent>(Class<T> type, Consumer<? super T> consumer) {
        void offer(SottoEvent event) {
            if (type.isInstance(event)) {
                consumer.accept(type.cast(event));
            }
        }
    }

    private final List<Listener<?>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sotto-events");
        thread.setDaemon(true);
        return thread;
    });

    public <T extends SottoEvent> Subscription subscribe(Class<T> type, Consumer<? super T> consumer) {
        Listener<T> listener = new Listener<>(type, consumer);
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public Subscription subscribeAll(Consumer<? super SottoEvent> consumer) {
        return subscribe(SottoEvent.class, consumer);
    }

    /**
     * Subscribes to events of {@code type} of one account (or of all, when {@code account} is empty), delivered on
     * {@code executor} — a window passes its UI thread, a test a direct executor — in batches, in order: the events
     * that arrive while a batch waits for the executor join it, so a 10 000-message catch-up reaches a busy UI thread
     * as a few calls, not 10 000. After {@code close()} of the subscription nothing more is delivered.
     */
    public <T extends SottoEvent> Subscription subscribe(Class<T> type, Optional<String> account, Executor executor,
                                                         Consumer<? super List<T>> listener) {
        return subscribe(type, event -> account.map(a -> a.equals(event.account())).orElse(true), executor, listener);
    }

    /** As {@link #subscribe(Class, Optional, Executor, Consumer)}, for the events {@code filter} accepts. */
    public <T extends SottoEvent> Subscription subscribe(Class<T> type, Predicate<? super T> filter, Executor executor,
                                                         Consumer<? super List<T>> listener) {
        Batching<T> batching = new Batching<>(type, filter, executor, listener);
        Listener<SottoEvent> entry = new Listener<>(SottoEvent.class, batching::offer);
        listeners.add(entry);
        return () -> {
            listeners.remove(entry);
            batching.cancel();
        };
    }

    /** Collects a subscriber's events until its executor runs the delivery. */
    private static final class Batching<T extends SottoEvent> {
        private final Class<T> type;
        private final Predicate<? super T> filter;
        private final Executor executor;
        private final Consumer<? super List<T>> listener;
        private List<T> pending = new ArrayList<>();
        private boolean scheduled;
        private volatile boolean cancelled;

        Batching(Class<T> type, Predicate<? super T> filter, Executor executor, Consumer<? super List<T>> listener) {
            this.type = type;
            this.filter = filter;
            this.executor = executor;
            this.listener = listener;
        }

        void offer(SottoEvent event) {
            if (!type.isInstance(event) || !filter.test(type.cast(event))) {
                return;
            }
            synchronized (this) {
                pending.add(type.cast(event));
                if (scheduled) {
                    return;
                }
                scheduled = true;
            }
            executor.execute(this::deliver);
        }

        private void deliver() {
            List<T> batch;
            synchronized (this) {
                batch = pending;
                pending = new ArrayList<>();
                scheduled = false;
            }
            if (!cancelled && !batch.isEmpty()) {
                listener.accept(List.copyOf(batch));
            }
        }

        void cancel() {
            cancelled = true;
        }
    }

    /** Delivers the event to the listeners on the event thread; once the bus is closed, nothing. */
    public void publish(SottoEvent event) {
        execute(() -> {
            for (Listener<?> listener : listeners) {
                try {
                    listener.offer(event);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "an event listener failed on " + event.getClass().getSimpleName(), e);
                }
            }
        });
    }

    /** Runs a task on the event thread, after every event published before it; once the bus is closed, nothing. */
    public void execute(Runnable task) {
        try {
            dispatcher.execute(task);
        } catch (RejectedExecutionException e) {
            // closed (or closing, between a check and the call): the profile is going away, nobody listens
        }
    }

    @Override
    public void close() {
        dispatcher.shutdown();
        try {
            dispatcher.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
