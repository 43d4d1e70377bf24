package org.sotto.core.event;

import java.util.Optional;

import org.sotto.core.contacts.Availability;

/** A contact's best presence changed. */
public record PresenceChanged(String account, String contact, Availability availability, Optional<String> status)
        implements SottoEvent {
}
