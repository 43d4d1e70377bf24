package org.sotto.core.internal.account;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.sotto.core.api.NotConnectedException;

import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.AccountRemovedException;
import org.sotto.core.api.account.AccountSummary;
import org.sotto.core.api.account.Accounts;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.account.RegistrationException;
import org.sotto.core.api.account.RegistrationForm;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.chat.SendFailure;
import org.sotto.core.api.event.MessageUpdated;
import org.sotto.core.api.event.ObservableValue;
import org.sotto.core.api.event.Subscription;
import org.sotto.core.internal.SottoOptions;
import org.sotto.core.internal.connection.ConnectionSettings;
import org.sotto.core.internal.connection.PinningTrustManager;
import org.sotto.core.internal.event.EventBus;
import org.sotto.core.internal.persistence.OutboxEntry;
import org.sotto.core.internal.persistence.Persistence;

/** The user's accounts: add, register (XEP-0077), remove, and their running sessions. Several at once. */
public final class AccountService implements AutoCloseable, Accounts {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Persistence persistence;
    private final SottoOptions options;
    private final EventBus events;
    private final ScheduledExecutorService timer;
    private final ExecutorService network;
    private final Map<String, AccountSession> sessions = new LinkedHashMap<>();
    /** How long a registration stream waits for {@code register} after {@code registrationForm}. */
    public static final Duration REGISTRATION_STREAM_LIFETIME = OpenRegistrations.LIFETIME;
    private final OpenRegistrations openRegistrations;
    /** The account list as published, in the order of {@link #sessions}. Guarded by this. */
    private final Map<String, AccountSummary> summaries = new LinkedHashMap<>();
    /** Each session's connection state subscription. Guarded by this. */
    private final Map<String, Subscription> stateSubscriptions = new LinkedHashMap<>();
    private final ObservableValue<List<AccountSummary>> accountList;

    public AccountService(Persistence persistence, SottoOptions options, EventBus events,
                          ScheduledExecutorService timer, ExecutorService network) {
        this.persistence = persistence;
        this.options = options;
        this.events = events;
        this.timer = timer;
        this.network = network;
        this.openRegistrations = new OpenRegistrations(timer, OpenRegistrations.LIFETIME);
        this.accountList = new ObservableValue<>(List.of(), events::execute);
        synchronized (this) {
            for (AccountRecord record : persistence.accounts().accounts()) {
                put(newSession(record.jid()), record.enabled());
            }
        }
    }

    @Override
    public ObservableValue<List<AccountSummary>> accountList() {
        return accountList;
    }

    /** Adds (or replaces) the session of an account and follows its connection state in the list. */
    private synchronized void put(AccountSession session, boolean enabled) {
        String jid = session.jid();
        Subscription old = stateSubscriptions.remove(jid);
        if (old != null) {
            old.close();
        }
        sessions.put(jid, session);
        summaries.put(jid, new AccountSummary(jid, enabled, session.historyOnly(), session.state().get()));
        publishList();
        stateSubscriptions.put(jid, session.state().subscribe(state -> stateChanged(session, state)));
    }

    private synchronized void stateChanged(AccountSession session, ConnectionState state) {
        AccountSummary summary = summaries.get(session.jid());
        if (summary != null && sessions.get(session.jid()) == session) {
            summaries.put(session.jid(), new AccountSummary(summary.jid(), summary.enabled(), summary.historyOnly(), state));
            publishList();
        }
    }

    private synchronized void enabledChanged(String jid, boolean enabled) {
        AccountSummary summary = summaries.get(jid);
        if (summary != null) {
            summaries.put(jid, new AccountSummary(jid, enabled, summary.historyOnly(), summary.state()));
            publishList();
        }
    }

    private synchronized void forget(String jid) {
        Subscription subscription = stateSubscriptions.remove(jid);
        if (subscription != null) {
            subscription.close();
        }
        summaries.remove(jid);
        publishList();
    }

    private synchronized void publishList() {
        accountList.set(List.copyOf(summaries.values()));
    }

    /**
     * Adds an existing account (stored with its password) and returns its session, not yet connected. A record
     * with the default resource gets a random suffix so two Sotto clients of one account don't push each other out.
     * An account kept for its history is taken into use again: its chats stay, and it gets a new OMEMO device.
     */
    public synchronized AccountSession add(AccountRecord record, String password) {
        String jid = bareJid(record.jid()).toString();
        Objects.requireNonNull(password, "password");
        if (password.isEmpty()) {
            throw new IllegalArgumentException("the password is empty");
        }
        AccountSession kept = sessions.get(jid);
        if (kept != null && !kept.historyOnly()) {
            throw new IllegalArgumentException("the account " + jid + " is already added");
        }
        if (kept != null) {
            kept.close(); // kept for its history: taken into use again, with that history and a new OMEMO device
        }
        AccountRecord stored = new AccountRecord(jid, uniqueResource(record.resource()), record.host(), record.port(),
                record.pinnedCertificates(), record.enabled());
        persistence.accounts().save(stored);
        persistence.accounts().savePassword(jid, password);
        AccountSession session = newSession(jid);
        put(session, stored.enabled());
        return session;
    }

    /**
     * Stores a changed record of an added account (server host and port, pinned certificates, enabled); the next
     * connection attempt uses it (a logged-in connection stays up; a failed one of an enabled account tries again
     * now). A changed {@code enabled} connects or disconnects as {@link #setEnabled} does.
     */
    public void update(AccountRecord record) {
        String jid = bareJid(record.jid()).toString();
        AccountSession session;
        boolean wasEnabled;
        synchronized (this) {
            session = usable(jid);
            wasEnabled = session.record().enabled();
            persistence.accounts().save(new AccountRecord(jid, record.resource(), record.host(), record.port(),
                    record.pinnedCertificates(), record.enabled()));
        }
        if (wasEnabled != record.enabled()) {
            enabledChanged(jid, record.enabled());
            if (record.enabled()) {
                session.settingsChanged().thenRun(session::connect);
            } else {
                session.disconnect();
            }
        } else {
            session.settingsChanged();
        }
    }

    /**
     * Stores a new password of an added account (changed elsewhere, or corrected after a refused login); the next
     * connection attempt uses it, and a failed connection of an enabled account tries again now.
     */
    public void changePassword(String jid, String password) {
        String bare = bareJid(jid).toString();
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the password is empty");
        }
        AccountSession session;
        synchronized (this) {
            session = usable(bare);
            persistence.accounts().savePassword(bare, password);
        }
        session.settingsChanged();
    }

    @Override
    public CompletableFuture<Void> changePasswordOnServer(String jid, String newPassword) {
        String bare = bareJid(jid).toString();
        if (newPassword == null || newPassword.isEmpty()) {
            throw new IllegalArgumentException("the password is empty");
        }
        AccountSession session = usable(bare);
        XMPPTCPConnection connection = session.authenticatedConnection()
                .orElseThrow(() -> new NotConnectedException(bare, "change the password on the server"));
        return CompletableFuture.runAsync(() -> {
            try {
                Registrar.changePassword(connection, newPassword);
            } catch (RegistrationException e) {
                throw new CompletionException(e);
            }
            synchronized (this) {
                persistence.accounts().savePassword(bare, newPassword);
            }
            session.settingsChanged();
        }, network);
    }

    @Override
    public CompletableFuture<Void> setEnabled(String jid, boolean enabled) {
        String bare = bareJid(jid).toString();
        AccountSession session;
        synchronized (this) {
            session = sessions.get(bare);
            if (session == null) {
                throw new IllegalArgumentException("no account " + bare);
            }
            if (session.historyOnly()) {
                if (enabled) {
                    throw new AccountRemovedException(bare);
                }
                return CompletableFuture.completedFuture(null);
            }
            persistence.accounts().save(session.record().withEnabled(enabled));
        }
        enabledChanged(bare, enabled);
        if (enabled) {
            session.connect(); // its outcome arrives as connection states
            return CompletableFuture.completedFuture(null);
        }
        return session.disconnect();
    }

    /** The session of an account that may still connect; throws for an unknown or history-only one. */
    private synchronized AccountSession usable(String jid) {
        AccountSession session = sessions.get(jid);
        if (session == null) {
            throw new IllegalArgumentException("no account " + jid);
        }
        if (session.historyOnly()) {
            throw new AccountRemovedException(jid);
        }
        return session;
    }

    /**
     * A session, with OMEMO on when the options say every account speaks it. An account without a stored password was
     * removed keeping its history: its session reads, never connects and has no OMEMO (its keys are gone).
     */
    private AccountSession newSession(String jid) {
        boolean historyOnly = persistence.accounts().password(jid).isEmpty();
        AccountSession session = new AccountSession(jid, persistence, options, events, timer, network, historyOnly);
        if (!historyOnly && !options.omemoVersions().isEmpty()) {
            session.enableOmemo(persistence.omemoStore(jid), options.omemoVersions());
        }
        return session;
    }

    private static String uniqueResource(String resource) {
        if (!resource.equals("sotto")) {
            return resource;
        }
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        return "sotto-" + HexFormat.of().formatHex(suffix);
    }

    /**
     * Asks the server what registering needs. {@code server} names the domain in its JID (a bare domain or any
     * JID at it) and may carry a host, port and pinned certificates. The stream stays open for
     * {@link #REGISTRATION_STREAM_LIFETIME} (or until {@code register} uses it, or a new form is asked for the same
     * server) so {@link #register(AccountRecord, String, RegistrationForm, Map)} can answer on it, as a XEP-0158 CAPTCHA
     * requires; the returned form's {@code handle()} names it.
     */
    public CompletableFuture<RegistrationForm> registrationForm(AccountRecord server) {
        ConnectionSettings settings = settings(server, "");
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Registrar.form(settings, openRegistrations);
            } catch (RegistrationException e) {
                throw new CompletionException(e);
            }
        }, network);
    }

    /**
     * Creates the account on the server (XEP-0077) and adds it, on a new stream with the legacy XEP-0077 fields.
     * Fails with a {@link RegistrationException} (inside the future's {@code CompletionException}) whose reason says
     * what went wrong. A server that wants a CAPTCHA refuses this: use the overload with the form.
     */
    public CompletableFuture<AccountSession> register(AccountRecord record, String password, Map<String, String> extraFields) {
        return register(record, password, null, extraFields);
    }

    /**
     * Creates the account by answering {@code form} on the stream it came on: when the server offered a data form,
     * a XEP-0004 submit form echoing its hidden fields (FORM_TYPE, a CAPTCHA's challenge and sid, …) with user name,
     * password and {@code answers} by field name (e.g. {@code ocr} for the CAPTCHA); else the legacy fields. When the
     * form has no handle or its stream is gone (expired after {@link #REGISTRATION_STREAM_LIFETIME}, used, replaced
     * by a newer form for the server, or cut), it falls back to a new stream as
     * {@link #register(AccountRecord, String, Map)} does; a server whose challenge was on the old stream then refuses
     * with a {@link RegistrationException} ({@code INVALID_INPUT} or {@code NOT_ALLOWED}), and the caller asks for a
     * new form. A wrong CAPTCHA answer or a missing required field is {@code INVALID_INPUT}.
     */
    public CompletableFuture<AccountSession> register(AccountRecord record, String password, RegistrationForm form,
                                                      Map<String, String> answers) {
        bareJid(record.jid());
        ConnectionSettings settings = settings(record, password);
        Map<String, String> fields = Map.copyOf(answers);
        Optional<String> handle = form == null ? Optional.empty() : form.handle();
        return CompletableFuture.supplyAsync(() -> {
            try {
                Optional<OpenRegistrations.Open> stream = handle.flatMap(openRegistrations::take);
                if (stream.isPresent() && stream.get().domain().equals(bareJid(record.jid()).getDomain().toString())) {
                    Registrar.register(stream.get(), settings, fields);
                } else {
                    stream.ifPresent(other -> other.connection().disconnect());
                    Registrar.register(settings, fields);
                }
            } catch (RegistrationException e) {
                throw new CompletionException(e);
            }
            return add(record, password);
        }, network);
    }

    /** Disconnects the account and deletes it with all its messages, queue and positions. */
    public CompletableFuture<Void> remove(String jid) {
        String bare = bareJid(jid).toString();
        AccountSession session;
        synchronized (this) {
            session = sessions.remove(bare);
            if (session != null) {
                forget(bare);
            }
        }
        if (session == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no account " + bare));
        }
        return CompletableFuture.runAsync(() -> {
            session.close();
            persistence.removeAccountData(bare);
        }, network);
    }

    /**
     * As {@link #remove(String)}, or with {@code keepHistory}: the account disconnects for good, its password, OMEMO
     * state, queue and archive positions are deleted (messages still queued become FAILED, ACCOUNT_REMOVED), and a
     * session that only reads its history takes its place (disabled, {@code historyOnly}).
     */
    @Override
    public CompletableFuture<Void> remove(String jid, boolean keepHistory) {
        if (!keepHistory) {
            return remove(jid);
        }
        String bare = bareJid(jid).toString();
        AccountSession session;
        synchronized (this) {
            session = sessions.get(bare);
        }
        if (session == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no account " + bare));
        }
        if (session.historyOnly()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> {
            session.close();
            persistence.inTransaction(() -> {
                failQueued(bare);
                persistence.removeAccountKeepingHistory(bare);
                persistence.accounts().find(bare).ifPresent(r -> persistence.accounts().save(r.withEnabled(false)));
                return null;
            });
            synchronized (this) {
                if (sessions.get(bare) == session) {
                    put(newSession(bare), false);
                }
            }
        }, network);
    }

    /** The account's messages still waiting in its outbox become FAILED: they will never go out. */
    private void failQueued(String account) {
        for (OutboxEntry entry : persistence.outbox().pending(account)) {
            persistence.messages().findByReference(account, entry.peer(), entry.stanzaId())
                    .filter(m -> m.direction() == Direction.OUTGOING && m.status() == MessageStatus.PENDING)
                    .ifPresent(m -> {
                        ChatMessage failed = m.asFailed(SendFailure.ACCOUNT_REMOVED);
                        persistence.messages().update(failed);
                        events.publish(new MessageUpdated(account, failed));
                    });
        }
    }

    @Override
    public List<AccountSession> list() {
        return sessions();
    }

    @Override
    public Optional<AccountSession> find(String jid) {
        return session(jid);
    }

    public synchronized List<AccountSession> sessions() {
        return List.copyOf(new ArrayList<>(sessions.values()));
    }

    public synchronized Optional<AccountSession> session(String jid) {
        return Optional.ofNullable(sessions.get(jid));
    }

    private ConnectionSettings settings(AccountRecord record, String password) {
        ConnectionSettings settings = ConnectionSettings.of(record.jid(), password)
                .withTrustManager(new PinningTrustManager(options.baseTrust(), record.pinnedCertificates()));
        return record.host().isPresent() ? settings.withServer(record.host().get(), record.port().orElse(5222)) : settings;
    }

    private static EntityBareJid bareJid(String jid) {
        try {
            return JidCreate.entityBareFrom(Objects.requireNonNull(jid, "jid"));
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException("not a valid account address (user@server): " + jid, e);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            stateSubscriptions.values().forEach(Subscription::close);
            stateSubscriptions.clear();
        }
        openRegistrations.close();
        for (AccountSession session : sessions()) {
            session.close();
        }
    }
}
