package org.sotto.app.contacts;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javafx.beans.property.ObjectProperty;
import javafx.beans.value.ChangeListener;

import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.AccountSummary;
import org.sotto.core.api.contacts.Availability;
import org.sotto.core.api.event.Subscription;

/**
 * Shows contacts the availability chosen in the window on every account of the open profile: each account is told
 * when the profile opens (unless the choice is core's default, "available") or when it is added, and all of them when
 * the choice changes. Core keeps the choice and sends it again at each later login. An account that is offline when
 * told keeps the choice too, so nothing is lost; only the failed send is.
 */
public final class OwnAvailability implements AutoCloseable {
    private final SottoProfile profile;
    private final ObjectProperty<Availability> chosen;
    private final ChangeListener<Availability> changed = (obs, old, next) -> tellAll();
    /** The accounts told the current choice; UI thread. */
    private final Set<String> told = new HashSet<>();
    private final Subscription accounts;

    public OwnAvailability(SottoProfile profile, ObjectProperty<Availability> chosen, UiExecutor ui) {
        this.profile = profile;
        this.chosen = chosen;
        chosen.addListener(changed);
        accounts = profile.accounts().accountList().subscribe(list -> ui.execute(() -> accountsAre(
                list.stream().map(AccountSummary::jid).collect(Collectors.toSet()))));
    }

    private void accountsAre(Set<String> jids) {
        told.retainAll(jids); // one removed and added again is told again
        for (String jid : jids) {
            if (told.add(jid) && chosen.get() != Availability.AVAILABLE) {
                tell(jid);
            }
        }
    }

    private void tellAll() {
        told.forEach(this::tell);
    }

    private void tell(String jid) {
        Availability availability = chosen.get();
        profile.accounts().find(jid).ifPresent(account -> account.contacts()
                .setPresence(availability, Optional.empty())
                .exceptionally(offline -> null)); // kept by core for the account's next login
    }

    @Override
    public void close() {
        accounts.close();
        chosen.removeListener(changed);
    }
}
