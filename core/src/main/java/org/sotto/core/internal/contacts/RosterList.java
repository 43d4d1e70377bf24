package org.sotto.core.internal.contacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.contacts.Availability;
import org.sotto.core.api.contacts.Contact;
import org.sotto.core.api.event.ConnectionStateChanged;
import org.sotto.core.api.event.ObservableValue;
import org.sotto.core.api.event.PresenceChanged;
import org.sotto.core.api.event.RosterChanged;
import org.sotto.core.api.event.SottoEvent;
import org.sotto.core.internal.event.EventBus;

/**
 * One account's roster as an observable list: loaded once from the profile (with presences while online), then
 * kept up to date from the account's events — a roster change replaces it, a presence changes one contact, losing
 * the connection shows everyone offline. Everything runs on the event thread, after the events published before it.
 */
final class RosterList {
    private final String account;
    private final Supplier<List<Contact>> snapshot;
    private final EventBus events;
    private final ObservableValue<List<Contact>> list;
    private boolean started;

    /** @param snapshot the stored roster with the presences known now (called on the event thread) */
    RosterList(String account, Supplier<List<Contact>> snapshot, EventBus events) {
        this.account = account;
        this.snapshot = snapshot;
        this.events = events;
        this.list = new ObservableValue<>(List.of(), events::execute);
    }

    /** The list; the first call loads it (it is empty until then). */
    synchronized ObservableValue<List<Contact>> list() {
        if (!started) {
            started = true;
            events.subscribeAll(this::on);
            events.execute(() -> list.set(snapshot.get()));
        }
        return list;
    }

    /** Event thread. */
    private void on(SottoEvent event) {
        if (!event.account().equals(account)) {
            return;
        }
        if (event instanceof RosterChanged changed) {
            list.set(changed.contacts());
        } else if (event instanceof PresenceChanged presence) {
            edit(c -> c.jid().equals(presence.contact()), c -> new Contact(c.jid(), c.name(), c.groups(),
                    c.subscription(), c.awaitingApproval(), presence.availability(), presence.status()));
        } else if (event instanceof ConnectionStateChanged state && !(state.state() instanceof ConnectionState.Online)) {
            edit(c -> c.availability() != Availability.OFFLINE, c -> new Contact(c.jid(), c.name(), c.groups(),
                    c.subscription(), c.awaitingApproval(), Availability.OFFLINE, Optional.empty()));
        }
    }

    private void edit(Predicate<Contact> which, UnaryOperator<Contact> change) {
        List<Contact> next = new ArrayList<>(list.get());
        boolean changed = false;
        for (int i = 0; i < next.size(); i++) {
            if (which.test(next.get(i))) {
                next.set(i, change.apply(next.get(i)));
                changed = true;
            }
        }
        if (changed) {
            list.set(List.copyOf(next));
        }
    }
}
