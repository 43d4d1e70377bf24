package org.sotto.core.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.sotto.core.internal.account.AccountService;
import org.sotto.core.internal.event.EventBus;
import org.sotto.core.internal.persistence.Persistence;
import org.sotto.core.internal.xmpp.SottoProviders;

/**
 * The messenger without a window: the entry point for the GUI and the CLI. Holds the accounts and the event bus;
 * everything else is reached through {@link #accounts()} and each account's session (its connection, chats,
 * contacts and group chats). Listeners get events on one dedicated thread, never on Smack's network threads.
 */
public final class Sotto implements AutoCloseable {
    private final EventBus events = new EventBus();
    private final ScheduledExecutorService timer;
    private final ExecutorService network;
    private final AccountService accounts;

    private Sotto(Persistence persistence, SottoOptions options) {
        SottoProviders.register();
        AtomicInteger threads = new AtomicInteger();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sotto-timer"));
        this.network = Executors.newCachedThreadPool(r -> daemon(r, "sotto-network-" + threads.incrementAndGet()));
        this.accounts = new AccountService(persistence, options, events, timer, network);
    }

    public static Sotto start(Persistence persistence, SottoOptions options) {
        return new Sotto(persistence, options);
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    public EventBus events() {
        return events;
    }

    public AccountService accounts() {
        return accounts;
    }

    @Override
    public void close() {
        accounts.close();
        timer.shutdownNow();
        network.shutdown();
        events.close();
    }
}
