package org.sotto.core.account;

import java.security.SecureRandom;
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

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.sotto.core.SottoOptions;
import org.sotto.core.connection.ConnectionSettings;
import org.sotto.core.connection.PinningTrustManager;
import org.sotto.core.event.EventBus;
import org.sotto.core.persistence.AccountRecord;
import org.sotto.core.persistence.Persistence;

/** The user's accounts: add, register (XEP-0077), remove, and their running sessions. Several at once. */
public final class AccountService implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Persistence persistence;
    private final SottoOptions options;
    private final EventBus events;
    private final ScheduledExecutorService timer;
    private final ExecutorService network;
    private final Map<String, AccountSession> sessions = new LinkedHashMap<>();

    public AccountService(Persistence persistence, SottoOptions options, EventBus events,
                          ScheduledExecutorService timer, ExecutorService network) {
        this.persistence = persistence;
        this.options = options;
        this.events = events;
        this.timer = timer;
        this.network = network;
        for (AccountRecord record : persistence.accounts().accounts()) {
            sessions.put(record.jid(), new AccountSession(record.jid(), persistence, options, events, timer, network));
        }
    }

    /**
     * Adds an existing account (stored with its password) and returns its session, not yet connected. A record
     * with the default resource gets a random suffix so two Sotto clients of one account don't push each other out.
     */
    public synchronized AccountSession add(AccountRecord record, String password) {
        String jid = bareJid(record.jid()).toString();
        Objects.requireNonNull(password, "password");
        if (password.isEmpty()) {
            throw new IllegalArgumentException("the password is empty");
        }
        if (sessions.containsKey(jid)) {
            throw new IllegalArgumentException("the account " + jid + " is already added");
        }
        AccountRecord stored = new AccountRecord(jid, uniqueResource(record.resource()), record.host(), record.port(),
                record.pinnedCertificates(), record.enabled());
        persistence.accounts().save(stored);
        persistence.accounts().savePassword(jid, password);
        AccountSession session = new AccountSession(jid, persistence, options, events, timer, network);
        sessions.put(jid, session);
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
     * JID at it) and may carry a host, port and pinned certificates.
     */
    public CompletableFuture<RegistrationForm> registrationForm(AccountRecord server) {
        ConnectionSettings settings = settings(server, "");
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Registrar.form(settings);
            } catch (RegistrationException e) {
                throw new CompletionException(e);
            }
        }, network);
    }

    /**
     * Creates the account on the server (XEP-0077) and adds it. Fails with a {@link RegistrationException}
     * (inside the future's {@code CompletionException}) whose reason says what went wrong.
     */
    public CompletableFuture<AccountSession> register(AccountRecord record, String password, Map<String, String> extraFields) {
        bareJid(record.jid());
        ConnectionSettings settings = settings(record, password);
        Map<String, String> fields = Map.copyOf(extraFields);
        return CompletableFuture.supplyAsync(() -> {
            try {
                Registrar.register(settings, fields);
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
        }
        if (session == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no account " + bare));
        }
        return CompletableFuture.runAsync(() -> {
            session.close();
            persistence.removeAccountData(bare);
        }, network);
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
        for (AccountSession session : sessions()) {
            session.close();
        }
    }
}
