package org.sotto.core.api.event;

import java.util.List;

import org.sotto.core.api.contacts.Contact;

/** The roster changed (entries added, changed or removed); carries the whole roster. */
public record RosterChanged(String account, List<Contact> contacts) implements SottoEvent {
}
