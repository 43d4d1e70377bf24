package org.sotto.app.trust;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Where the trust screens read the profile (device lists, fingerprints): off the JavaFX thread. */
final class Background {
    static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "sotto-trust-reads");
        thread.setDaemon(true);
        return thread;
    });

    private Background() {
    }
}
