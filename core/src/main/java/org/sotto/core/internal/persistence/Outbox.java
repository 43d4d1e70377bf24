package org.sotto.core.internal.persistence;

import java.util.List;

/** Stanzas queued while offline (or not yet acknowledged), sent in the order they were queued. */
public interface Outbox {
    void enqueue(OutboxEntry entry);

    /** The account's queued stanzas, oldest first. */
    List<OutboxEntry> pending(String account);

    /** Drops the entry once the server acknowledged it; unknown ids are ignored. */
    void remove(String account, String stanzaId);

    void removeAccount(String account);
}
