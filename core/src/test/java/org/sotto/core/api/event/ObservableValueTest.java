package org.sotto.core.api.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

import org.junit.jupiter.api.Test;

class ObservableValueTest {
    /** An executor that runs what it was given only when asked, as a busy event thread would, later. */
    private final Queue<Runnable> queued = new ArrayDeque<>();

    private void runQueued() {
        for (Runnable next = queued.poll(); next != null; next = queued.poll()) {
            next.run();
        }
    }

    @Test
    void listenersHearTheCurrentValueThenEveryChangeInOrder() {
        ObservableValue<String> value = new ObservableValue<>("waiting", queued::add);
        List<String> heard = new ArrayList<>();
        value.subscribe(heard::add);
        value.set("running");
        value.set("running"); // no change, no report
        value.set("done");
        runQueued();
        assertEquals(List.of("waiting", "running", "done"), heard);
        assertEquals("done", value.get());
    }

    @Test
    void aClosedSubscriptionHearsNothingThatWasStillQueued() {
        ObservableValue<String> value = new ObservableValue<>("waiting", queued::add);
        List<String> heard = new ArrayList<>();
        Subscription subscription = value.subscribe(heard::add);
        value.set("running");
        subscription.close(); // e.g. the transfer's result came first
        runQueued();
        assertEquals(List.of(), heard);
    }

    @Test
    void aListenerClosingAnotherMidReportStopsItsReport() {
        ObservableValue<String> value = new ObservableValue<>("waiting", queued::add);
        runQueued();
        List<String> heard = new ArrayList<>();
        Subscription[] second = new Subscription[1];
        value.subscribe(next -> {
            if (next.equals("done")) {
                second[0].close();
            }
        });
        second[0] = value.subscribe(heard::add);
        runQueued();
        value.set("done");
        runQueued();
        assertEquals(List.of("waiting"), heard);
    }
}
