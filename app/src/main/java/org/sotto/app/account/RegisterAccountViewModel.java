package org.sotto.app.account;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.sotto.app.ui.Strings;
import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.Accounts;
import org.sotto.core.api.account.Failure;
import org.sotto.core.api.account.FailureReason;
import org.sotto.core.api.account.RegistrationException;
import org.sotto.core.api.account.RegistrationField;
import org.sotto.core.api.account.RegistrationForm;
import org.sotto.core.api.account.RegistrationMedia;

/**
 * Creates an account on a server (XEP-0077): the server's domain (and, advanced, its host and port), then the form
 * the server sends, rendered field by field (a CAPTCHA with its picture), then {@code Accounts.register} and a first
 * connection. Each refusal says why in words; a certificate nobody vouches for is shown by its SHA-256 fingerprint
 * and may be pinned, as at the sign-in. A refused submit fetches a new form (the old one's stream is used up),
 * keeping what the user typed except answers to a picture, which changes with the form.
 */
public final class RegisterAccountViewModel {
    private final Accounts accounts;
    private final UiExecutor ui;
    private final Consumer<Account> onSignedIn;

    private final StringProperty server = new SimpleStringProperty("");
    private final StringProperty host = new SimpleStringProperty("");
    private final StringProperty port = new SimpleStringProperty("");
    private final StringProperty username = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final StringProperty passwordRepeated = new SimpleStringProperty("");
    private final ObjectProperty<RegistrationForm> form = new SimpleObjectProperty<>();
    private final ObservableList<FormField> fields = FXCollections.observableArrayList();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty certificate = new SimpleStringProperty("");
    private final BooleanBinding canFetch;
    private final BooleanBinding canRegister;
    private final Set<String> pins = new TreeSet<>();

    public RegisterAccountViewModel(Accounts accounts, UiExecutor ui, Consumer<Account> onSignedIn) {
        this.accounts = Objects.requireNonNull(accounts);
        this.ui = Objects.requireNonNull(ui);
        this.onSignedIn = Objects.requireNonNull(onSignedIn);
        canFetch = Bindings.createBooleanBinding(() -> !busy.get() && !server.get().isBlank(), busy, server);
        canRegister = Bindings.createBooleanBinding(() -> !busy.get() && form.get() != null
                && !username.get().isBlank() && !password.get().isEmpty(), busy, form, username, password);
        server.addListener((obs, old, next) -> serverChanged());
        host.addListener((obs, old, next) -> serverChanged());
        port.addListener((obs, old, next) -> serverChanged());
    }

    /** A form belongs to one server: another address asks again. */
    private void serverChanged() {
        if (!busy.get()) {
            form.set(null);
            fields.clear();
            certificate.set("");
        }
    }

    /** Asks the server for its registration form. */
    public void fetchForm() {
        if (!canFetch.get()) {
            return;
        }
        error.set("");
        certificate.set("");
        Optional<AccountRecord> record = serverRecord();
        if (record.isEmpty()) {
            return;
        }
        busy.set(true);
        status.set(Strings.get("register.fetching"));
        accounts.registrationForm(record.get()).whenComplete((answer, failure) -> ui.execute(() -> {
            busy.set(false);
            status.set("");
            if (failure != null) {
                explain(failure);
            } else {
                show(answer, Map.of());
            }
        }));
    }

    /** Pins the certificate last shown for this server and asks for the form again. */
    public void trustCertificate() {
        String sha256 = certificate.get();
        if (sha256.isEmpty() || busy.get()) {
            return;
        }
        pins.add(sha256);
        certificate.set("");
        fetchForm();
    }

    /** Answers the form: creates the account, adds it to the profile and connects. */
    public void register() {
        if (!canRegister.get()) {
            return;
        }
        error.set("");
        String name = username.get().strip().toLowerCase(Locale.ROOT);
        if (name.isEmpty() || name.chars().anyMatch(c -> Character.isWhitespace(c) || "@/\"&'<>:".indexOf(c) >= 0)) {
            error.set(Strings.get("register.error.username"));
            return;
        }
        if (!password.get().equals(passwordRepeated.get())) {
            error.set(Strings.get("register.error.passwordsDiffer"));
            return;
        }
        Map<String, String> answers = new LinkedHashMap<>();
        for (FormField field : fields) {
            String value = field.value().get();
            if (field.required() && !field.field().type().equals("boolean") && value.isBlank()) {
                error.set(Strings.get("register.error.required", field.label()));
                return;
            }
            if (!value.isEmpty()) {
                answers.put(field.field().name(), value);
            }
        }
        Optional<AccountRecord> serverRecord = serverRecord();
        if (serverRecord.isEmpty()) {
            return;
        }
        AccountRecord server = serverRecord.get();
        AccountRecord record = new AccountRecord(name + "@" + server.jid(), "sotto", server.host(), server.port(),
                server.pinnedCertificates(), true);
        String secret = password.get();
        RegistrationForm answered = form.get();
        busy.set(true);
        status.set(Strings.get("register.creating"));
        CompletableFuture<? extends Account> created = accounts.register(record, secret, answered, answers);
        created.whenComplete((account, failure) -> ui.execute(() -> {
            if (failure != null) {
                busy.set(false);
                status.set("");
                explain(failure);
                refetchKeeping(record, answers);
                return;
            }
            status.set(Strings.get("account.connecting"));
            account.connect().whenComplete((state, connectFailure) -> ui.execute(() -> connected(account)));
        }));
    }

    /** The account exists now whatever the first connection says: the chats show its state from here on. */
    private void connected(Account account) {
        busy.set(false);
        status.set("");
        password.set("");
        passwordRepeated.set("");
        onSignedIn.accept(account);
    }

    /** A refused form's stream is used up: fetch the next one and keep what the user typed. */
    private void refetchKeeping(AccountRecord record, Map<String, String> answers) {
        RegistrationForm previous = form.get();
        if (previous == null) {
            return;
        }
        Map<String, String> kept = new HashMap<>(answers);
        for (FormField field : fields) {
            if (!field.media().isEmpty()) {
                kept.remove(field.field().name()); // the answer to the old picture
            }
        }
        Optional<AccountRecord> server = serverRecord();
        if (server.isEmpty()) {
            return;
        }
        busy.set(true);
        accounts.registrationForm(server.get()).whenComplete((next, failure) -> ui.execute(() -> {
            busy.set(false);
            if (next != null) {
                show(next, kept);
            }
        }));
    }

    /** Shows a form as if the server had sent it (tests of the view, which has no server with a CAPTCHA). */
    void showForm(RegistrationForm next) {
        server.set(next.domain());
        show(next, Map.of());
    }

    private void show(RegistrationForm next, Map<String, String> values) {
        form.set(next);
        fields.clear();
        for (RegistrationField field : next.extraFields()) {
            String initial = values.getOrDefault(field.name(), field.values().isEmpty() ? "" : field.values().get(0));
            fields.add(new FormField(field, new SimpleStringProperty(initial)));
        }
    }

    private void explain(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String domain = server.get().strip();
        if (!(cause instanceof RegistrationException refused)) {
            error.set(Strings.get("register.error.unexpected", String.valueOf(cause.getMessage())));
            return;
        }
        error.set(switch (refused.reason()) {
            case CONNECTION -> refused.connectionFailure().map(this::connectionProblem)
                    .orElse(Strings.get("failure.UNREACHABLE"));
            case NOT_SUPPORTED -> Strings.get("register.error.notSupported", domain);
            case USERNAME_TAKEN -> Strings.get("register.error.taken", username.get().strip(), domain);
            case NOT_ALLOWED -> withServerText(Strings.get("register.error.notAllowed", domain), refused);
            case INVALID_INPUT -> withServerText(Strings.get("register.error.invalid"), refused);
            case REJECTED -> withServerText(Strings.get("register.error.rejected", domain), refused);
        });
    }

    private String connectionProblem(Failure failure) {
        if (failure.reason() == FailureReason.UNTRUSTED_CERTIFICATE) {
            certificate.set(failure.certificateSha256().orElse(""));
        }
        return Strings.of("failure", failure.reason());
    }

    /** The server's own words, when it gave any ("registration refused: condition (text)"). */
    static String withServerText(String sentence, RegistrationException refused) {
        String message = String.valueOf(refused.getMessage());
        int open = message.indexOf(" (");
        if (open < 0 || !message.endsWith(")")) {
            return sentence;
        }
        return Strings.get("register.error.serverSaid", sentence, message.substring(open + 2, message.length() - 1));
    }

    private Optional<AccountRecord> serverRecord() {
        String domain = server.get().strip().toLowerCase(Locale.ROOT);
        if (domain.isEmpty() || domain.contains("@") || domain.contains("/")
                || domain.chars().anyMatch(Character::isWhitespace)) {
            error.set(Strings.get("register.error.server"));
            return Optional.empty();
        }
        AccountRecord record = new AccountRecord(domain, "sotto", Optional.empty(), OptionalInt.empty(), pins, true);
        String hostText = host.get().strip();
        String portText = port.get().strip();
        if (hostText.isEmpty() && portText.isEmpty()) {
            return Optional.of(record);
        }
        int number = AddAccountViewModel.DEFAULT_PORT;
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
        return Optional.of(record.withServer(hostText.isEmpty() ? domain : hostText, number));
    }

    /**
     * One field of the server's form other than user name and password, with the user's answer ("true"/"false" for
     * a boolean).
     */
    public record FormField(RegistrationField field, StringProperty value) {
        /** The server's label, else the field's name. */
        public String label() {
            return field.label().filter(l -> !l.isBlank()).orElse(field.name());
        }

        public boolean required() {
            return field.required();
        }

        /** Pictures to show with the field (a CAPTCHA), inline bytes first. */
        public List<RegistrationMedia> media() {
            return field.media().stream().filter(m -> m.mimeType().startsWith("image/")).toList();
        }
    }

    public StringProperty serverProperty() {
        return server;
    }

    public StringProperty hostProperty() {
        return host;
    }

    public StringProperty portProperty() {
        return port;
    }

    public StringProperty usernameProperty() {
        return username;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty passwordRepeatedProperty() {
        return passwordRepeated;
    }

    /** The form the server sent; {@code null} until it came. */
    public ReadOnlyObjectProperty<RegistrationForm> formProperty() {
        return form;
    }

    /** The form's fields besides user name and password, in the server's order. */
    public ObservableList<FormField> fields() {
        return fields;
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

    public BooleanBinding canFetchProperty() {
        return canFetch;
    }

    public BooleanBinding canRegisterProperty() {
        return canRegister;
    }
}
