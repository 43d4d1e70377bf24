package org.sotto.core.internal.connection;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.csi.ClientStateIndicationManager;
import org.jivesoftware.smackx.ping.PingManager;

import org.sotto.core.api.NotConnectedException;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.account.Failure;
import org.sotto.core.api.account.FailureReason;
import org.sotto.core.api.event.ObservableValue;
import org.sotto.core.internal.SottoOptions;

/**
 * Keeps one account connected: connect, log in, and after a loss reconnect with exponential backoff and jitter,
 * resuming the stream (XEP-0198) when the server still holds it. Failures become typed {@link ConnectionState}s;
 * those that need the user (password, certificate, …) stop the retries. Dead sockets are found by XEP-0199 pings.
 * Everything runs on the account's worker thread; nothing here blocks a caller.
 */
public final class ConnectionSupervisor {
    private static final Logger LOG = Logger.getLogger(ConnectionSupervisor.class.getName());

    /** What the session does around the connection's life. Called on the worker thread. */
    public interface Lifecycle {
        /** A new Smack connection object exists (first connect, or after settings changed). */
        void created(XMPPTCPConnection connection);

        /** Logged in; {@code resumed} when stream management resumed the previous session. */
        void online(XMPPTCPConnection connection, boolean resumed) throws Exception;

        /** An attempt starts: hold received stanzas back (a live message must not overtake the catch-up). */
        void holdInbound();

        /** The attempt is over (and the catch-up done): process what was held, in order, then pass stanzas on. */
        void releaseInbound();
    }

    private final String account;
    private final Supplier<ConnectionSettings> settings;
    private final SottoOptions options;
    private final ExecutorService worker;
    private final ExecutorService network;
    private final ScheduledExecutorService timer;
    private final ObservableValue<ConnectionState> state;
    private final Lifecycle lifecycle;
    private final List<CompletableFuture<ConnectionState>> waiting = new ArrayList<>();

    private XMPPTCPConnection connection;
    private boolean wanted;
    private int attempt;
    private ScheduledFuture<?> scheduled;
    private boolean active = true;
    private ScheduledFuture<?> pinger;
    private boolean attemptInFlight;
    /** The settings changed while logged in: the next attempt builds a new connection. Worker only. */
    private boolean staleSettings;
    private boolean pingInFlight;

    public ConnectionSupervisor(String account, Supplier<ConnectionSettings> settings, SottoOptions options,
                                ExecutorService worker, ExecutorService network, ScheduledExecutorService timer,
                                ObservableValue<ConnectionState> state, Lifecycle lifecycle) {
        this.account = account;
        this.settings = settings;
        this.options = options;
        this.worker = worker;
        this.network = network;
        this.timer = timer;
        this.state = state;
        this.lifecycle = lifecycle;
    }

    /** Starts connecting (if not already); completes with the first outcome: Online, Reconnecting or Failed. */
    public CompletableFuture<ConnectionState> connect() {
        CompletableFuture<ConnectionState> outcome = new CompletableFuture<>();
        worker.execute(() -> {
            if (connection != null && connection.isAuthenticated()) {
                outcome.complete(state.get());
                return;
            }
            waiting.add(outcome);
            wanted = true;
            if (attemptInFlight) {
                return; // the running attempt will answer
            }
            cancelScheduled();
            attempt(Math.max(1, attempt + 1));
        });
        return outcome;
    }

    public CompletableFuture<Void> disconnect() {
        return CompletableFuture.runAsync(() -> {
            wanted = false;
            cancelScheduled();
            if (pinger != null) {
                pinger.cancel(false);
                pinger = null;
            }
            // a closed stream leaves nothing to resume, and a Smack connection connected again after disconnect()
            // sometimes wrote a stanza before its new stream header (the server closed with invalid-namespace)
            rebuildOnWorker();
            attempt = 0;
            state.set(new ConnectionState.Offline());
            resolveWaiting();
        }, worker);
    }

    /**
     * The account's settings changed (password, server, pins): a logged-in connection stays up and the next attempt
     * after it builds a new one; otherwise the connection is dropped now (an attempt in flight starts again with the
     * new settings, a waiting retry uses them). Call on the worker.
     */
    public void settingsChanged() {
        if (connection != null && connection.isAuthenticated()) {
            staleSettings = true;
            return;
        }
        rebuildOnWorker();
    }

    /** Forgets the Smack connection so the next attempt uses fresh settings (e.g. a newly pinned certificate). */
    public void rebuildOnWorker() {
        if (connection != null) {
            if (connection.isConnected()) {
                connection.disconnect();
            }
            connection = null;
        }
    }
    /** Work on the logged-in connection (a Smack call that may block on the network). */
    public interface NetworkCall<T> {
        T run(XMPPTCPConnection connection) throws Exception;
    }

    /**
     * Runs {@code work} on {@code worker} with the logged-in connection; fails with {@link NotConnectedException}
     * (naming {@code what}) when there is none, and with the work's own exception otherwise.
     */
    public <T> CompletableFuture<T> call(ExecutorService worker, String what, NetworkCall<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            XMPPTCPConnection connection = authenticated().orElseThrow(() -> new NotConnectedException(account, what));
            try {
                return work.run(connection);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, worker);
    }


    /** The logged-in connection, if there is one. Call on the worker. */
    public Optional<XMPPTCPConnection> authenticated() {
        return connection != null && connection.isAuthenticated() ? Optional.of(connection) : Optional.empty();
    }

    /** The connection object (connected or not); Smack keeps stream management state in it. */
    public Optional<XMPPTCPConnection> current() {
        return Optional.ofNullable(connection);
    }

    /** XEP-0352: tell the server whether the user is looking (the window is shown) so it may hold back unimportant traffic. */
    public CompletableFuture<Void> setActive(boolean isActive) {
        return CompletableFuture.runAsync(() -> {
            active = isActive;
            authenticated().ifPresent(this::sendClientState);
        }, worker);
    }

    private void sendClientState(XMPPTCPConnection c) {
        try {
            if (!ClientStateIndicationManager.isSupported(c)) {
                return;
            }
            if (active) {
                ClientStateIndicationManager.active(c);
            } else {
                ClientStateIndicationManager.inactive(c);
            }
        } catch (Exception e) {
            LOG.log(Level.FINE, "cannot send client state", e);
        }
    }

    private void attempt(int number) {
        if (!wanted || attemptInFlight) {
            return;
        }
        attempt = number;
        if (staleSettings) {
            staleSettings = false;
            rebuildOnWorker();
        }
        state.set(new ConnectionState.Connecting(number));
        XMPPTCPConnection c;
        try {
            if (connection == null) {
                connection = Connections.create(settings.get());
                install(connection);
                lifecycle.created(connection);
            }
            c = connection;
        } catch (Exception e) {
            failed(FailureClassifier.classify(e));
            return;
        }
        // the network part runs off the worker, which stays free for what the user sends meanwhile; stanzas of the
        // new session are held back until the catch-up after login ran (see Lifecycle#holdInbound)
        attemptInFlight = true;
        lifecycle.holdInbound();
        CompletableFuture.runAsync(() -> {
            try {
                if (!c.isConnected()) {
                    c.connect();
                }
                if (!c.isAuthenticated()) {
                    c.login();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, network).whenComplete((ignored, error) -> worker.execute(() -> finishAttempt(c, error)));
    }

    private void finishAttempt(XMPPTCPConnection c, Throwable error) {
        attemptInFlight = false;
        try {
            if (c != connection || !wanted) {
                if (c != connection && c.isConnected()) {
                    c.disconnect(); // settings changed (a pinned certificate) while this attempt ran
                }
                if (!wanted && c == connection && c.isConnected()) {
                    c.disconnect();
                }
                if (c != connection && wanted) {
                    attempt(Math.max(1, attempt));
                }
                return;
            }
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (!c.isSmResumptionPossible()) {
                    // nothing to resume: the next attempt starts on a fresh connection, since reconnecting a Smack
                    // connection whose connect failed half-way sometimes hung until the test's patience ran out
                    if (c.isConnected()) {
                        c.instantShutdown();
                    }
                    connection = null;
                }
                failed(FailureClassifier.classify(cause));
                return;
            }
            boolean resumed = c.streamWasResumed();
            attempt = 0;
            startPinging();
            if (!active) {
                sendClientState(c);
            }
            state.set(new ConnectionState.Online(String.valueOf(c.getUser()), resumed));
            try {
                lifecycle.online(c, resumed); // carbons, catch-up, outbox: their failures don't drop the link
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.log(Level.WARNING, account + ": work after login failed", e);
            }
            resolveWaiting();
        } finally {
            lifecycle.releaseInbound();
        }
    }

    private void failed(Failure failure) {
        LOG.log(Level.INFO, () -> account + ": connection failed: " + failure.reason() + " (" + failure.detail() + ")");
        if (connection != null && connection.isConnected()) {
            connection.instantShutdown(); // keeps stream management state for a later resumption
        }
        if (!wanted) {
            return;
        }
        if (failure.reason().isRetryable()) {
            int next = attempt + 1;
            Duration delay = options.backoff().delay(Math.max(1, attempt));
            state.set(new ConnectionState.Reconnecting(Instant.now().plus(delay), next, failure));
            scheduled = timer.schedule(() -> worker.execute(() -> attempt(next)), delay.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            wanted = false;
            attempt = 0;
            state.set(new ConnectionState.Failed(failure));
        }
        resolveWaiting();
    }

    /** The socket died or a ping went unanswered: reconnect (and resume) as soon as the backoff allows. */
    public void connectionLost(Failure failure) {
        worker.execute(() -> {
            if (!wanted || attemptInFlight || (scheduled != null && !scheduled.isDone())) {
                return;
            }
            attempt = Math.max(attempt, 1);
            failed(failure);
        });
    }

    private void install(XMPPTCPConnection c) {
        c.setReplyTimeout(options.replyTimeout().toMillis());
        c.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                connectionLost(FailureClassifier.classify(e));
            }
        });
        // Smack's own periodic ping waits at least two minutes for the answer; Sotto pings itself (see pingIfQuiet)
        PingManager.getInstanceFor(c).setPingInterval(-1);
    }

    private void startPinging() {
        if (pinger == null) {
            long every = options.pingInterval().toMillis();
            pinger = timer.scheduleWithFixedDelay(() -> worker.execute(this::pingIfQuiet), every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** XEP-0199: when nothing arrived for a ping interval, ask the server; no answer in time means a dead socket. */
    private void pingIfQuiet() {
        XMPPTCPConnection c = connection;
        if (!wanted || pingInFlight || c == null || !c.isAuthenticated()) {
            return;
        }
        if (System.currentTimeMillis() - c.getLastStanzaReceived() < options.pingInterval().toMillis()) {
            return;
        }
        pingInFlight = true;
        PingManager.getInstanceFor(c).pingAsync(c.getXMPPServiceDomain(), options.replyTimeout().toMillis())
                .onSuccess(pong -> worker.execute(() -> pingInFlight = false))
                .onError(error -> worker.execute(() -> {
                    pingInFlight = false;
                    if (c == connection && c.isAuthenticated()) {
                        LOG.info(() -> account + ": ping unanswered, dropping the socket");
                        c.instantShutdown(); // keeps stream management state: the next login resumes
                        connectionLost(Failure.of(FailureReason.TIMEOUT, "ping unanswered: " + error));
                    }
                }));
    }

    private void cancelScheduled() {
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
    }

    private void resolveWaiting() {
        ConnectionState now = state.get();
        for (CompletableFuture<ConnectionState> future : waiting) {
            future.complete(now);
        }
        waiting.clear();
    }
}
