package org.sotto.app.switcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.sotto.app.chat.ChatViewModel;
import org.sotto.app.chats.ChatEntry;
import org.sotto.app.chats.ChatsViewModel;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.contacts.Contact;

/**
 * Ctrl+K: the quick switcher. The chats of every account (in the chat list's order), then the contacts of the rosters
 * without a chat (by name), filtered by what the user types (name or address; those starting with it first); Up and
 * Down move the selection, Enter opens the chat.
 */
public final class SwitcherViewModel {
    /** One target: a chat or a contact of one account. */
    public record Target(Account account, String jid, String name, int unread, boolean chat) {
        public Target {
            Objects.requireNonNull(account);
            Objects.requireNonNull(jid);
            Objects.requireNonNull(name);
        }
    }

    private final ChatsViewModel chats;
    private final List<Target> all = new ArrayList<>();
    private final StringProperty query = new SimpleStringProperty("");
    private final ObservableList<Target> targets = FXCollections.observableArrayList();
    private final IntegerProperty selected = new SimpleIntegerProperty(-1);

    /** Reads the chats and the rosters as they are now (call on the JavaFX thread; nothing blocks). */
    public SwitcherViewModel(ChatsViewModel chats) {
        this.chats = Objects.requireNonNull(chats);
        Set<String> withChat = new HashSet<>();
        for (ChatEntry entry : chats.allChats()) {
            all.add(new Target(entry.account(), entry.peer(), entry.title(), entry.unread(), true));
            withChat.add(entry.accountJid() + ' ' + entry.peer());
        }
        List<Target> contacts = new ArrayList<>();
        for (Account account : chats.accounts()) {
            if (account.historyOnly()) {
                continue;
            }
            for (Contact contact : account.contacts().roster().get()) {
                if (withChat.add(account.jid() + ' ' + contact.jid())) {
                    contacts.add(new Target(account, contact.jid(), contact.name().orElse(contact.jid()), 0, false));
                }
            }
        }
        contacts.sort(Comparator.comparing(t -> t.name().toLowerCase(Locale.ROOT)));
        all.addAll(contacts);
        query.addListener((obs, old, next) -> filter());
        filter();
    }

    private void filter() {
        String typed = query.get().strip().toLowerCase(Locale.ROOT);
        List<Target> starting = new ArrayList<>();
        List<Target> containing = new ArrayList<>();
        for (Target target : all) {
            String name = target.name().toLowerCase(Locale.ROOT);
            String jid = target.jid().toLowerCase(Locale.ROOT);
            if (typed.isEmpty() || name.startsWith(typed) || jid.startsWith(typed) || startsAWord(name, typed)) {
                starting.add(target);
            } else if (name.contains(typed) || jid.contains(typed)) {
                containing.add(target);
            }
        }
        starting.addAll(containing);
        targets.setAll(starting);
        selected.set(-1); // a change even when the best is at 0 again: the view selects it in the new list
        selected.set(targets.isEmpty() ? -1 : 0);
    }

    private static boolean startsAWord(String name, String typed) {
        for (String word : name.split("\\s+")) {
            if (word.startsWith(typed)) {
                return true;
            }
        }
        return false;
    }

    /** Up (-1) or Down (+1), stopping at either end. */
    public void move(int delta) {
        if (!targets.isEmpty()) {
            selected.set(Math.max(0, Math.min(targets.size() - 1, selected.get() + delta)));
        }
    }

    public void select(int index) {
        if (index >= 0 && index < targets.size()) {
            selected.set(index);
        }
    }

    /** Enter: opens the selected target's chat. Empty when nothing matches. */
    public Optional<ChatViewModel> open() {
        int at = selected.get();
        if (at < 0 || at >= targets.size()) {
            return Optional.empty();
        }
        Target target = targets.get(at);
        return Optional.of(chats.open(target.account(), target.jid()));
    }

    /** Whether targets of more than one account are listed (each then says its account). */
    public boolean severalAccounts() {
        return chats.accounts().size() > 1;
    }

    public StringProperty queryProperty() {
        return query;
    }

    /** What matches, best first. */
    public ObservableList<Target> targets() {
        return targets;
    }

    public ReadOnlyIntegerProperty selectedProperty() {
        return selected;
    }
}
