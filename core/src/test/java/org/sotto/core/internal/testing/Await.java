package org.sotto.core.internal.testing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting for asynchronous outcomes in tests (never asserting how long they took). */
public final class Await {
    private Await() {
    }

    public static <T> T done(CompletableFuture<T> future) {
        return future.orTimeout(TestSotto.WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    public static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TestSotto.WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
