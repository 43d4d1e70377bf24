package org.sotto.core.api.event;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A value that changes over time (e.g. a connection state). {@link #get()} is always current; listeners are told
 * about every change on the given executor (Sotto's event thread), in order.
 */
public final class ObservableValue<T> {
    private final Executor executor;
    private final List<Consumer<? super T>> listeners = new CopyOnWriteArrayList<>();
    private volatile T value;

    public ObservableValue(T initial, Executor executor) {
        this.value = Objects.requireNonNull(initial);
        this.executor = executor;
    }

    public T get() {
        return value;
    }

    /**
     * Subscribes and immediately reports the current value (on the executor). Once the subscription is closed,
     * nothing more reaches the listener, not even a report already queued on the executor.
     */
    public Subscription subscribe(Consumer<? super T> listener) {
        listeners.add(listener);
        T current = value;
        executor.execute(() -> {
            if (listeners.contains(listener)) {
                listener.accept(current);
            }
        });
        return () -> listeners.remove(listener);
    }

    public void set(T next) {
        Objects.requireNonNull(next);
        synchronized (this) {
            if (next.equals(value)) {
                return;
            }
            value = next;
            executor.execute(() -> listeners.forEach(l -> {
                if (listeners.contains(l)) { // closed by an earlier listener of this report
                    l.accept(next);
                }
            }));
        }
    }
}
