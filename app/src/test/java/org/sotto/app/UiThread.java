package org.sotto.app;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.sotto.app.ui.UiExecutor;

/**
 * A stand-in for the JavaFX thread in view-model tests: one thread, in order, without a toolkit. The test reads the
 * view model's properties on it ({@link #get}) and waits for a condition there ({@link #await}).
 */
public final class UiThread implements UiExecutor, AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-ui"));

    /** After {@link #close}, nothing: a core answer that comes back late has nobody to tell (as a closed window). */
    @Override
    public void execute(Runnable command) {
        try {
            thread.execute(command);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    public <T> T get(Callable<T> read) {
        try {
            return thread.submit(read).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void run(Runnable action) {
        get(() -> {
            action.run();
            return null;
        });
    }

    public void await(String what, Callable<Boolean> condition) {
        await(what, condition, () -> "");
    }

    /** As {@link #await(String, Callable)}; a timeout also says what {@code state} reads then. */
    public void await(String what, Callable<Boolean> condition, Callable<Object> state) {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!get(condition)) {
            if (System.nanoTime() > until) {
                Object seen = get(state);
                throw new AssertionError("timed out waiting until " + what + ("".equals(seen) ? "" : "; now " + seen));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
