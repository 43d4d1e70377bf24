package org.sotto.core.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

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

    public void publish(SottoEvent event) {
        if (dispatcher.isShutdown()) {
            return;
        }
        dispatcher.execute(() -> {
            for (Listener<?> listener : listeners) {
                try {
                    listener.offer(event);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "an event listener failed on " + event.getClass().getSimpleName(), e);
                }
            }
        });
    }

    /** Runs a task on the event thread, after every event published before it. */
    public void execute(Runnable task) {
        dispatcher.execute(task);
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
