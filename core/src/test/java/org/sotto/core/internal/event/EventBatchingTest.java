package org.sotto.core.internal.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.event.CatchUpProgress;
import org.sotto.core.api.event.ConnectionStateChanged;
import org.sotto.core.api.event.Subscription;

/** Events reach a subscriber on its own executor, of its account only, coalesced while its executor is busy. */
class EventBatchingTest {
    private static ConnectionStateChanged event(String account) {
        return new ConnectionStateChanged(account, new ConnectionState.Offline());
    }

    @Test
    void aBusyExecutorGetsTenThousandEventsAsAFewBatchesInOrder() throws Exception {
        ExecutorService ui = Executors.newSingleThreadExecutor();
        try (EventBus bus = new EventBus()) {
            CountDownLatch busy = new CountDownLatch(1);
            ui.execute(() -> {
                try {
                    busy.await(); // a window busy drawing while the catch-up publishes
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            List<List<CatchUpProgress>> batches = new ArrayList<>();
            CountDownLatch all = new CountDownLatch(10_000);
            bus.subscribe(CatchUpProgress.class, Optional.of("alice@example.org"), ui, batch -> {
                batches.add(batch);
                batch.forEach(e -> all.countDown());
            });
            for (int i = 1; i <= 10_000; i++) {
                bus.publish(new CatchUpProgress("alice@example.org", "alice@example.org", i, false));
                bus.publish(new CatchUpProgress("bob@example.org", "bob@example.org", i, false)); // another account
            }
            bus.publish(event("alice@example.org")); // another type
            CountDownLatch published = new CountDownLatch(1);
            bus.execute(published::countDown);
            assertTrue(published.await(20, TimeUnit.SECONDS));
            busy.countDown();
            assertTrue(all.await(20, TimeUnit.SECONDS));
            ui.submit(() -> { }).get(10, TimeUnit.SECONDS);
            assertTrue(batches.size() <= 2, "delivered in " + batches.size() + " calls");
            List<Integer> fetched = batches.stream().flatMap(List::stream).map(CatchUpProgress::fetched).toList();
            assertEquals(IntStream.rangeClosed(1, 10_000).boxed().toList(), fetched);
        } finally {
            ui.shutdownNow();
        }
    }

    @Test
    void aDirectExecutorGetsEachEventAtOnceAndNothingAfterClosing() throws Exception {
        try (EventBus bus = new EventBus()) {
            List<ConnectionStateChanged> seen = new ArrayList<>();
            Subscription subscription = bus.subscribe(ConnectionStateChanged.class, Optional.empty(), Runnable::run,
                    seen::addAll);
            bus.publish(event("alice@example.org"));
            bus.publish(event("bob@example.org"));
            CountDownLatch done = new CountDownLatch(1);
            bus.execute(done::countDown);
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(List.of("alice@example.org", "bob@example.org"),
                    seen.stream().map(ConnectionStateChanged::account).toList());
            subscription.close();
            bus.publish(event("alice@example.org"));
            CountDownLatch after = new CountDownLatch(1);
            bus.execute(after::countDown);
            assertTrue(after.await(10, TimeUnit.SECONDS));
            assertEquals(2, seen.size());
        }
    }
}
