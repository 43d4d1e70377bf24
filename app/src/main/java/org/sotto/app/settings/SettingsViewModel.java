package org.sotto.app.settings;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.sotto.app.account.AddAccountViewModel;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.NotConnectedException;
import org.sotto.core.api.ProfileException;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.AccountRemovedException;
import org.sotto.core.api.account.AccountSummary;
import org.sotto.core.api.account.RegistrationException;
import org.sotto.core.api.event.Subscription;

/**
 * The settings screen: the profile's accounts (enable, disable, remove with or without their history, the password
 * kept in the profile), the profile (passphrase, backup, where it lives) and the window's preferences
 * ({@link UserSettings}). What writes the profile or derives a key runs on the background executor; the outcome
 * comes back in words ({@link #statusProperty()}, {@link #errorProperty()}).
 */
public final class SettingsViewModel {
    private final SottoProfile profile;
    private final UserSettings settings;
    private final Executor background;
    private final UiExecutor ui;
    private final ObservableList<AccountSummary> accounts = FXCollections.observableArrayList();
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final Subscription accountList;
    /** Per account, its choices about trust as stored; UI thread. */
    private final Map<String, Map<TrustChoice, BooleanProperty>> trustChoices = new HashMap<>();
    /** Counts the actions started, so only the last one's outcome shows. */
    private int operations;

    public SettingsViewModel(SottoProfile profile, UserSettings settings, Executor background, UiExecutor ui) {
        this.profile = Objects.requireNonNull(profile);
        this.settings = Objects.requireNonNull(settings);
        this.background = Objects.requireNonNull(background);
        this.ui = Objects.requireNonNull(ui);
        accountList = profile.accounts().accountList().subscribe(list -> ui.execute(() -> accounts.setAll(list)));
    }

    /** Enables or disables the account (stored; it connects or disconnects). */
    public void setEnabled(String jid, boolean enabled) {
        run(() -> profile.accounts().setEnabled(jid, enabled).join(),
                enabled ? Strings.get("settings.account.enabled", jid) : Strings.get("settings.account.disabled", jid));
    }

    /**
     * Removes the account: with {@code keepHistory} its chats stay readable (it never connects again, its keys and
     * password are gone); without, everything of it is deleted.
     */
    public void remove(String jid, boolean keepHistory) {
        run(() -> profile.accounts().remove(jid, keepHistory).join(),
                keepHistory ? Strings.get("settings.account.removedKeeping", jid)
                        : Strings.get("settings.account.removed", jid));
    }

    /** Stores the account's password (changed on the server elsewhere); the next connection attempt uses it. */
    public void changePassword(String jid, String password) {
        if (password.isEmpty()) {
            error.set(Strings.get("settings.password.empty"));
            return;
        }
        run(() -> profile.accounts().changePassword(jid, password), Strings.get("settings.password.changed", jid));
    }

    /**
     * The account's choice as stored: false until it is read in the background (a moment after the first call), then
     * as stored and as changed through {@link #setTrustChoice}. UI thread.
     */
    public ReadOnlyBooleanProperty trustChoiceProperty(String jid, TrustChoice choice) {
        return trustChoiceOf(jid, choice);
    }

    private BooleanProperty trustChoiceOf(String jid, TrustChoice choice) {
        return trustChoices.computeIfAbsent(jid, key -> new EnumMap<>(TrustChoice.class)).computeIfAbsent(choice, c -> {
            BooleanProperty shown = new SimpleBooleanProperty(false);
            CompletableFuture.supplyAsync(() -> profile.accounts().find(jid)
                            .map(account -> c.stored.test(account.trust())).orElse(false), background)
                    .thenAccept(stored -> ui.execute(() -> shown.set(stored)));
            return shown;
        });
    }

    /** Stores the account's choice; the property follows once it is stored, and the page says so. */
    public void setTrustChoice(String jid, TrustChoice choice, boolean on) {
        BooleanProperty shown = trustChoiceOf(jid, choice);
        run(() -> {
            Account account = profile.accounts().find(jid).orElseThrow(() -> new AccountRemovedException(jid));
            choice.store.apply(account.trust(), on).join();
            ui.execute(() -> shown.set(on));
        }, on ? Strings.of("settings.trust.on", choice, jid) : Strings.of("settings.trust.off", choice, jid));
    }

    /** The account's server as stored: {host, port}, both "" when it is found through DNS. */
    public String[] server(String jid) {
        return profile.accounts().find(jid).map(Account::record)
                .map(r -> new String[] {r.host().orElse(""),
                        r.port().isPresent() ? String.valueOf(r.port().getAsInt()) : ""})
                .orElse(new String[] {"", ""});
    }

    /**
     * Stores where the account connects: {@code host} and {@code port} (5222 when blank), or through DNS when the host
     * is blank. The next connection attempt uses it. A port that is not 1–65535 is refused in words.
     */
    public void changeServer(String jid, String host, String port) {
        String name = host.strip();
        OptionalInt number = OptionalInt.empty();
        if (!name.isEmpty()) {
            try {
                int value = port.isBlank() ? AddAccountViewModel.DEFAULT_PORT : Integer.parseInt(port.strip());
                if (value < 1 || value > 65535) {
                    throw new NumberFormatException();
                }
                number = OptionalInt.of(value);
            } catch (NumberFormatException e) {
                error.set(Strings.get("settings.server.port.invalid"));
                return;
            }
        }
        OptionalInt chosen = number;
        run(() -> {
            AccountRecord record = profile.accounts().find(jid).orElseThrow(
                    () -> new IllegalArgumentException("no account " + jid)).record();
            profile.accounts().update(new AccountRecord(record.jid(), record.resource(),
                    name.isEmpty() ? Optional.empty() : Optional.of(name), chosen, record.pinnedCertificates(),
                    record.enabled()));
        }, name.isEmpty() ? Strings.get("settings.server.dns", jid) : Strings.get("settings.server.changed", jid,
                name + ":" + chosen.getAsInt()));
    }

    /**
     * Changes the password on the account's server (it must be online); Sotto keeps the new one once the server
     * accepted it. A refusal or an offline account is said in words and changes nothing.
     */
    public void changePasswordOnServer(String jid, String password) {
        if (password.isEmpty()) {
            error.set(Strings.get("settings.password.empty"));
            return;
        }
        run(() -> profile.accounts().changePasswordOnServer(jid, password).join(),
                Strings.get("settings.password.changedOnServer", jid));
    }

    /** Re-encrypts the profile under a new passphrase (typed twice); the arrays are wiped. */
    public void changePassphrase(char[] current, char[] next, char[] repeated) {
        if (!canChangePassphrase()) {
            return;
        }
        run(() -> profile.changePassphrase(current, next, repeated), Strings.get("settings.passphrase.changed"));
    }

    /** Writes an encrypted copy of the profile into {@code target} (a new folder); it opens with the passphrase. */
    public void backupTo(Path target) {
        if (!canChangePassphrase()) {
            return;
        }
        run(() -> profile.backupTo(target), Strings.get("settings.backup.done", target));
    }

    /** Whether the profile is on disk (a profile in memory has no passphrase and no files). */
    public boolean canChangePassphrase() {
        return profile.directory().isPresent();
    }

    /** Where the profile lives, in words. */
    public String location() {
        return profile.directory().map(dir -> Strings.get("settings.profile.location", dir.toAbsolutePath()))
                .orElse(Strings.get("settings.profile.inMemory"));
    }

    private void run(Runnable work, String done) {
        int mine = ++operations;
        busy.set(true);
        status.set("");
        error.set("");
        CompletableFuture.runAsync(work, background).whenComplete((ok, failure) -> ui.execute(() -> {
            if (mine != operations) {
                return; // a later action's outcome is the one to say
            }
            busy.set(false);
            if (failure == null) {
                status.set(done);
            } else {
                error.set(describe(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure));
            }
        }));
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ProfileException profileError) {
            return Strings.of("profile.error", profileError.reason());
        } else if (cause instanceof AccountRemovedException) {
            return Strings.get("settings.account.historyOnly");
        } else if (cause instanceof NotConnectedException) {
            return Strings.get("settings.password.offline");
        } else if (cause instanceof RegistrationException refused) {
            return Strings.of("settings.password.refused", refused.reason());
        }
        return Strings.get("settings.failed", String.valueOf(cause.getMessage()));
    }

    public ObservableList<AccountSummary> accounts() {
        return accounts;
    }

    public UserSettings settings() {
        return settings;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public void close() {
        accountList.close();
    }
}
