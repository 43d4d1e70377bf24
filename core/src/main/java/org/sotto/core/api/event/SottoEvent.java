package org.sotto.core.api.event;

/** Something that happened in one account; listeners receive events on Sotto's event thread, in order. */
public interface SottoEvent {
    /** The bare JID of the account the event belongs to. */
    String account();
}
