package org.sotto.app;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.testfx.util.WaitForAsyncUtils;

/**
 * Waits for a condition read on the JavaFX thread. The scene graph changes there (messages arriving, rows going), and
 * a lookup from the test's thread can meet a list of children mid-change: {@code Parent.lookupAll} then throws
 * {@link IndexOutOfBoundsException}.
 */
public final class FxWait {
    private FxWait() {
    }

    public static void until(long seconds, Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> read(condition));
    }

    /** {@code read} evaluated on the JavaFX thread. */
    public static <T> T read(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }
}
