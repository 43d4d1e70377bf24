package org.sotto.app.contacts;

import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.MapChangeListener;
import javafx.collections.SetChangeListener;

import org.sotto.app.ui.Strings;
import org.sotto.core.api.contacts.Availability;
import org.sotto.core.api.contacts.Contact;

/**
 * One contact's details (name, address, groups, subscription, presence and status, blocked) from a
 * {@link ContactsViewModel}, kept current while shown; the name and groups are edited in place and saved with
 * {@link #saveName()} and {@link #saveGroups()}.
 */
public final class ContactDetailsViewModel {
    private final ContactsViewModel contacts;
    private final String jid;
    private final StringProperty title = new SimpleStringProperty("");
    private final StringProperty subscription = new SimpleStringProperty("");
    private final StringProperty presence = new SimpleStringProperty("");
    private final StringProperty presenceStyle = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty("");
    private final BooleanProperty inRoster = new SimpleBooleanProperty();
    private final BooleanProperty blocked = new SimpleBooleanProperty();
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty groups = new SimpleStringProperty("");
    private final MapChangeListener<String, Contact> rosterListener;
    private final SetChangeListener<String> blockedListener;
    private Optional<Contact> shown = Optional.empty();

    public ContactDetailsViewModel(ContactsViewModel contacts, String jid) {
        this.contacts = Objects.requireNonNull(contacts);
        this.jid = Objects.requireNonNull(jid);
        rosterListener = change -> {
            if (change.getKey().equals(jid)) {
                update();
            }
        };
        blockedListener = change -> blocked.set(contacts.blocked().contains(jid));
        contacts.contacts().addListener(rosterListener);
        contacts.blocked().addListener(blockedListener);
        blocked.set(contacts.blocked().contains(jid));
        update();
    }

    private void update() {
        Optional<Contact> next = contacts.contact(jid);
        inRoster.set(next.isPresent());
        title.set(next.flatMap(Contact::name).orElse(jid));
        Availability availability = next.map(Contact::availability).orElse(Availability.OFFLINE);
        presence.set(ContactsViewModel.presenceText(availability));
        presenceStyle.set(ContactsViewModel.presenceStyle(availability));
        status.set(next.flatMap(Contact::status).orElse(""));
        subscription.set(next.map(ContactsViewModel::subscriptionText)
                .orElse(Strings.get("contacts.notInRoster")));
        // what the user is editing stays; a value that changed elsewhere replaces an unedited field
        String storedName = shown.flatMap(Contact::name).orElse("");
        if (name.get().equals(storedName)) {
            name.set(next.flatMap(Contact::name).orElse(""));
        }
        String storedGroups = shown.map(c -> String.join(", ", new TreeSet<>(c.groups()))).orElse("");
        if (groups.get().equals(storedGroups)) {
            groups.set(next.map(c -> String.join(", ", new TreeSet<>(c.groups()))).orElse(""));
        }
        shown = next;
    }

    public void saveName() {
        contacts.rename(jid, name.get());
    }

    public void saveGroups() {
        contacts.setGroups(jid, groups.get());
    }

    /** Adds the address to the contacts with the name and groups typed here. */
    public void addToContacts() {
        contacts.add(jid, name.get(), groups.get());
    }

    public void remove() {
        contacts.remove(jid);
    }

    public void toggleBlocked() {
        if (blocked.get()) {
            contacts.unblock(jid);
        } else {
            contacts.block(jid);
        }
    }

    /** Stops following the contacts (the pane closes). */
    public void close() {
        contacts.contacts().removeListener(rosterListener);
        contacts.blocked().removeListener(blockedListener);
    }

    public String jid() {
        return jid;
    }

    /** The name the user gave, else the address. */
    public ReadOnlyStringProperty titleProperty() {
        return title;
    }

    public ReadOnlyStringProperty subscriptionProperty() {
        return subscription;
    }

    public ReadOnlyStringProperty presenceProperty() {
        return presence;
    }

    public ReadOnlyStringProperty presenceStyleProperty() {
        return presenceStyle;
    }

    /** The contact's status message, if any. */
    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    public ReadOnlyBooleanProperty inRosterProperty() {
        return inRoster;
    }

    public ReadOnlyBooleanProperty blockedProperty() {
        return blocked;
    }

    public StringProperty nameProperty() {
        return name;
    }

    /** The groups as typed: "Friends, Work". */
    public StringProperty groupsProperty() {
        return groups;
    }

    public ReadOnlyStringProperty errorProperty() {
        return contacts.errorProperty();
    }
}
