package org.sotto.core.api.account;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.sotto.core.api.event.ObservableValue;

/** The accounts of an open profile. Argument errors throw at once; network errors complete the future exceptionally. */
public interface Accounts {
    /** Every account of the profile, including those kept for their history only. */
    List<? extends Account> list();

    /**
     * The account list as it changes, in the order the accounts were added: each with whether it is enabled, whether
     * only its history is kept, and its connection state (with its typed failure). A new value follows every add,
     * removal, enabling or disabling and connection state change, on Sotto's event thread.
     */
    ObservableValue<List<AccountSummary>> accountList();

    Optional<? extends Account> find(String jid);

    /**
     * Adds an existing account with its password (kept in the profile); not connected yet. An account kept for its
     * history ({@link #remove(String, boolean)}) is taken into use again this way: its chats stay, and it gets a new
     * OMEMO device (its old keys are gone; contacts see a new device). Any other known JID is an
     * {@link IllegalArgumentException}.
     */
    Account add(AccountRecord record, String password);

    /** What creating an account on {@code server} (its domain, host, port, pins) needs: the server's form. */
    CompletableFuture<RegistrationForm> registrationForm(AccountRecord server);

    /** Creates the account by answering {@code form} (XEP-0077, a CAPTCHA by field name) and adds it. */
    CompletableFuture<? extends Account> register(AccountRecord record, String password, RegistrationForm form,
                                                  Map<String, String> answers);

    /**
     * Stores a changed record (server host and port, pinned certificates, enabled). The next connection attempt uses
     * it: a connection that is up stays up, one waiting to retry or failed is built afresh, and an enabled account
     * whose connection failed tries again at once. A changed {@code enabled} acts as {@link #setEnabled}.
     *
     * @throws AccountRemovedException for an account kept for its history only
     */
    void update(AccountRecord record);

    /**
     * Stores a password changed elsewhere (or corrected after {@link FailureReason#NOT_AUTHORIZED}); the next attempt
     * uses it, and an enabled account whose connection failed tries again at once.
     *
     * @throws AccountRemovedException for an account kept for its history only
     */
    void changePassword(String jid, String password);

    /**
     * Changes the account's password on its server (XEP-0077 §3.3, over the account's TLS connection) and, once the
     * server accepted it, stores it for the next connections. Fails with {@link org.sotto.core.api.NotConnectedException}
     * while the account is not online, and with a {@link RegistrationException} saying why when the server refuses
     * ({@code NOT_SUPPORTED}, {@code NOT_ALLOWED}, {@code INVALID_INPUT}, {@code REJECTED}; a lost connection is
     * {@code CONNECTION}); the stored password changes only after the server's yes.
     *
     * @throws AccountRemovedException for an account kept for its history only
     */
    CompletableFuture<Void> changePasswordOnServer(String jid, String newPassword);

    /**
     * Enables the account (stored; it connects now and whenever the profile opens) or disables it (stored; it
     * disconnects and stays offline). Completes once stored and the connection was started or closed.
     *
     * @throws AccountRemovedException for an account kept for its history only, when enabling
     */
    CompletableFuture<Void> setEnabled(String jid, boolean enabled);

    /** Disconnects the account and deletes it with its messages, keys and files. */
    CompletableFuture<Void> remove(String jid);

    /**
     * Removes the account. Without {@code keepHistory} as {@link #remove(String)}. With it, the account disconnects for
     * good and its password and OMEMO state (own identity and keys, sessions, trust decisions, device lists) are
     * deleted, as are its queue and archive positions; messages still waiting to be sent become FAILED
     * ({@code SendFailure.ACCOUNT_REMOVED}). Its conversations, messages, shared files, roster and avatars stay
     * readable: the account stays in {@link #list()} and {@link #accountList()}, disabled and
     * {@link AccountSummary#historyOnly()}, and its {@link Account#chats()} answer history, the chat list and search
     * ({@code markRead} marks a chat read); sending, correcting, reacting, retracting and connecting fail with
     * {@link AccountRemovedException} and store nothing ({@code markDisplayed} marks read, then fails so: no marker
     * can go out), and {@link Account#trust()} throws it too. {@link #add} with its password takes it into use again;
     * {@link #remove(String)} deletes it completely.
     */
    CompletableFuture<Void> remove(String jid, boolean keepHistory);
}
