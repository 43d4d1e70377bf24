package org.sotto.app.account;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import org.sotto.app.ui.Strings;
import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.Accounts;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.account.Failure;
import org.sotto.core.api.account.FailureReason;

/**
 * Signs in to an existing account: address, password, and (advanced) the server's host and port. A failed attempt
 * says why in words; a server certificate nobody vouches for is shown by its SHA-256 fingerprint, which the user may
 * pin for this account ({@link #trustCertificate()}). Everything network-bound runs in core; this only waits for
 * its futures.
 */
public final class AddAccountViewModel {
    public static final int DEFAULT_PORT = 5222;

    private final Accounts accounts;
    private final Executor background;
    private final UiExecutor ui;
    private final Consumer<Account> onSignedIn;

    private final StringProperty jid = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final StringProperty host = new SimpleStringProperty("");
    private final StringProperty port = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty certificate = new SimpleStringProperty("");
    private final BooleanBinding canSignIn;
    private Account pending;

    /** {@code background} runs what writes the profile (adding the account, its password). */
    public AddAccountViewModel(Accounts accounts, Executor background, UiExecutor ui,
                               Consumer<Account> onSignedIn) {
        this.accounts = Objects.requireNonNull(accounts);
        this.background = Objects.requireNonNull(background);
        this.ui = Objects.requireNonNull(ui);
        this.onSignedIn = Objects.requireNonNull(onSignedIn);
        canSignIn = Bindings.createBooleanBinding(() -> !busy.get() && !jid.get().isBlank() && !password.get().isEmpty(),
                busy, jid, password);
        jid.addListener((obs, old, next) -> certificate.set(""));
        host.addListener((obs, old, next) -> certificate.set(""));
    }

    /** Checks the form, adds the account (or updates the one a failed attempt left) and connects. */
    public void signIn() {
        if (!canSignIn.get()) {
            return;
        }
        error.set("");
        certificate.set("");
        Optional<AccountRecord> record = record();
        if (record.isEmpty()) {
            return;
        }
        AccountRecord wanted = record.get();
        String secret = password.get();
        busy.set(true);
        status.set(Strings.get("account.connecting"));
        background.execute(() -> {
            Account account;
            try {
                account = addOrUpdate(wanted, secret); // writes the profile: not on the UI thread
            } catch (IllegalArgumentException e) {
                ui.execute(() -> {
                    busy.set(false);
                    status.set("");
                    error.set(Strings.get("account.error.address"));
                });
                return;
            }
            CompletableFuture<ConnectionState> outcome = account.connect();
            ui.execute(() -> attempt(account, outcome));
        });
    }

    private Account addOrUpdate(AccountRecord wanted, String secret) {
        Optional<? extends Account> existing = accounts.find(wanted.jid());
        if (existing.isEmpty()) {
            return accounts.add(wanted, secret);
        }
        // an earlier attempt added it: keep its pins, take the new details
        AccountRecord next = wanted;
        for (String pin : existing.get().record().pinnedCertificates()) {
            next = next.withPinnedCertificate(pin);
        }
        accounts.update(next);
        accounts.changePassword(next.jid(), secret);
        return existing.get();
    }

    /** The form that creates an account on a server instead; it lands where a sign-in lands. */
    public RegisterAccountViewModel registration() {
        return new RegisterAccountViewModel(accounts, ui, onSignedIn);
    }

    /** Pins the certificate last shown and connects with it. */
    public void trustCertificate() {
        String sha256 = certificate.get();
        if (pending == null || sha256.isEmpty() || busy.get()) {
            return;
        }
        certificate.set("");
        error.set("");
        attempt(pending, pending.pinCertificate(sha256));
    }

    private void attempt(Account account, CompletableFuture<ConnectionState> outcome) {
        pending = account;
        busy.set(true);
        status.set(Strings.get("account.connecting"));
        outcome.whenComplete((state, failure) -> ui.execute(() -> finished(account, state, failure)));
    }

    private void finished(Account account, ConnectionState state, Throwable failure) {
        busy.set(false);
        status.set("");
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            error.set(Strings.get("account.error.unexpected", String.valueOf(cause.getMessage())));
            return;
        }
        if (state instanceof ConnectionState.Online) {
            pending = null;
            password.set("");
            onSignedIn.accept(account);
        } else if (state instanceof ConnectionState.Failed failed) {
            explain(failed.failure());
        } else if (state instanceof ConnectionState.Reconnecting reconnecting) {
            account.disconnect(); // the user is here to fix it: no retries behind the form
            explain(reconnecting.cause());
        } else {
            error.set(Strings.get("account.error.notOnline", state.message()));
        }
    }

    private void explain(Failure failure) {
        error.set(Strings.of("failure", failure.reason()));
        if (failure.reason() == FailureReason.UNTRUSTED_CERTIFICATE) {
            certificate.set(failure.certificateSha256().orElse(""));
        }
    }

    private Optional<AccountRecord> record() {
        String address = jid.get().strip();
        int at = address.indexOf('@');
        if (at <= 0 || at == address.length() - 1 || address.indexOf('@', at + 1) >= 0 || address.contains("/")
                || address.chars().anyMatch(Character::isWhitespace)) {
            error.set(Strings.get("account.error.address"));
            return Optional.empty();
        }
        AccountRecord record = AccountRecord.of(address.toLowerCase(Locale.ROOT));
        String server = host.get().strip();
        String portText = port.get().strip();
        if (server.isEmpty() && portText.isEmpty()) {
            return Optional.of(record);
        }
        int number = DEFAULT_PORT;
        if (!portText.isEmpty()) {
            try {
                number = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                number = -1;
            }
            if (number < 1 || number > 65535) {
                error.set(Strings.get("account.error.port"));
                return Optional.empty();
            }
        }
        return Optional.of(record.withServer(server.isEmpty() ? record.jid().substring(at + 1) : server, number));
    }

    public StringProperty jidProperty() {
        return jid;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    /** Advanced: connect to this host instead of looking the domain up. */
    public StringProperty hostProperty() {
        return host;
    }

    public StringProperty portProperty() {
        return port;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    /** The SHA-256 fingerprint of a certificate the user may pin; empty when there is none to decide on. */
    public ReadOnlyStringProperty certificateProperty() {
        return certificate;
    }

    public BooleanBinding canSignInProperty() {
        return canSignIn;
    }
}
