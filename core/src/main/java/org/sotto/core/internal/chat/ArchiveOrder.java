package org.sotto.core.internal.chat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.mam.element.MamElements.MamResultExtension;

/**
 * Archive stamps often have whole-second resolution, so many results share a stamp, and pages fetched at different
 * times would interleave when sorted by time. The archive's own order is the truth: these helpers turn a page's
 * stamps into strictly increasing instants (a microsecond apart where needed) that also stay after (catch-up) or
 * before (scrollback) what is already stored.
 */
final class ArchiveOrder {
    private static final long STEP_MICROS = 1;

    private ArchiveOrder() {
    }

    static Instant stamp(Message carrier) {
        MamResultExtension result = MamResultExtension.from(carrier);
        DelayInformation delay = result == null ? null : result.getForwarded().getDelayInformation();
        return delay == null ? Instant.now() : delay.getStamp().toInstant();
    }

    /** A page read forwards: each result no earlier than {@code floor} and after the one before it. */
    static List<Instant> forwards(List<Message> page, Instant floor) {
        List<Instant> ordered = new ArrayList<>(page.size());
        Instant previous = floor;
        for (Message carrier : page) {
            Instant stamp = stamp(carrier);
            Instant next = stamp.isAfter(previous) ? stamp : previous.plus(STEP_MICROS, ChronoUnit.MICROS);
            ordered.add(next);
            previous = next;
        }
        return ordered;
    }

    /** A page of older history: each result before {@code ceiling} and before the one after it. */
    static List<Instant> backwards(List<Message> page, Instant ceiling) {
        Instant[] ordered = new Instant[page.size()];
        Instant next = ceiling;
        for (int i = page.size() - 1; i >= 0; i--) {
            Instant stamp = stamp(page.get(i));
            Instant value = stamp.isBefore(next) ? stamp : next.minus(STEP_MICROS, ChronoUnit.MICROS);
            ordered[i] = value;
            next = value;
        }
        return List.of(ordered);
    }
}
