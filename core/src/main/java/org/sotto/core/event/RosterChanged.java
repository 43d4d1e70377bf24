package org.sotto.core.event;

import java.util.List;

import org.sotto.core.contacts.Contact;

/** The roster changed (entries added, changed or removed); carries the whole roster. */
public record RosterChanged(String account, List<Contact> contacts) implements SottoEvent {
}
