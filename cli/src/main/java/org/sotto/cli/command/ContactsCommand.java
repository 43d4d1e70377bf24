package org.sotto.cli.command;

import java.util.List;

import org.sotto.cli.JsonEvents;
import org.sotto.core.api.contacts.Contact;

/** {@code contacts}: the roster, one contact per line (from the profile while offline). */
final class ContactsCommand implements Command {
    @Override
    public void checkUsage(List<String> args) {
        // nothing to check
    }

    @Override
    public boolean readsOffline(List<String> args) {
        return true;
    }

    @Override
    public int run(CommandContext context) {
        for (Contact contact : context.account().contacts().contacts().join()) {
            context.out().print(JsonEvents.contact(contact));
        }
        return 0;
    }
}
