package org.sotto.core.internal.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.event.SottoEvent;
import org.sotto.core.internal.Sotto;
import org.sotto.core.internal.SottoOptions;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.persistence.Persistence;
import org.sotto.core.internal.persistence.memory.InMemoryPersistence;
import org.sotto.testkit.ProsodyServer;

/** One Sotto instance (one "device") with in-memory (or given) persistence against the test Prosody, recording its events. */
public final class TestSotto implements AutoCloseable {
    private final AtomicBoolean closed = new AtomicBoolean();
    public static final Duration WAIT = Duration.ofSeconds(20);

    public final ProsodyServer server;
    public final Persistence persistence;
    public final Sotto sotto;
    private final List<SottoEvent> events = new ArrayList<>();

    public TestSotto(ProsodyServer server, Persistence persistence, SottoOptions options) {
        this.server = server;
        this.persistence = persistence;
        this.sotto = Sotto.start(persistence, options);
        sotto.events().subscribeAll(event -> {
            synchronized (events) {
                events.add(event);
                events.notifyAll();
            }
        });
    }

    /** Trusts the test server's own certificate as if it were in the system store; quick retries. */
    public static SottoOptions options(ProsodyServer server) {
        return SottoOptions.defaults().withBaseTrust(server.certificate().trustManager())
                .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    }

    public static TestSotto start(ProsodyServer server) {
        return new TestSotto(server, new InMemoryPersistence(), options(server));
    }

    public AccountRecord record(String jid) {
        return AccountRecord.of(jid).withServer(server.host(), server.c2sPort());
    }

    /** Adds the (already registered) account and waits until it is online. */
    public AccountSession online(String jid, String password) {
        AccountSession session = sotto.accounts().add(record(jid), password);
        ConnectionState state = session.connect().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        if (!(state instanceof ConnectionState.Online)) {
            throw new AssertionError(jid + " did not come online: " + state);
        }
        return session;
    }

    /** Waits for the first recorded event of the type that matches, from the start of the recording. */
    public <T extends SottoEvent> T await(Class<T> type, Predicate<? super T> condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (events) {
            while (true) {
                for (SottoEvent event : events) {
                    if (type.isInstance(event) && condition.test(type.cast(event))) {
                        return type.cast(event);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + type.getSimpleName() + " matching within " + WAIT + "; events: " + summary());
                }
                try {
                    events.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    public <T extends SottoEvent> List<T> recorded(Class<T> type) {
        synchronized (events) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    private String summary() {
        return events.toString();
    }

    public void clearEvents() {
        synchronized (events) {
            events.clear();
        }
    }

    /** Closes the core once; a second call does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            sotto.close();
        }
    }
}
