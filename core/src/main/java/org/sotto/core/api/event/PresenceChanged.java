package org.sotto.core.api.event;

import java.util.Optional;

import org.sotto.core.api.contacts.Availability;

/** A contact's best presence changed. */
public record PresenceChanged(String account, String contact, Availability availability, Optional<String> status)
        implements SottoEvent {
}
