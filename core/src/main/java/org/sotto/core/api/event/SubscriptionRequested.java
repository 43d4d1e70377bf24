package org.sotto.core.api.event;

/** Someone asks to see the user's presence; answer with approve or deny in {@code ContactService}. */
public record SubscriptionRequested(String account, String from) implements SottoEvent {
}
