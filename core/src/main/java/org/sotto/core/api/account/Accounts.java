package org.sotto.core.api.account;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The accounts of an open profile. Argument errors throw at once; network errors complete the future exceptionally. */
public interface Accounts {
    /** Every account of the profile. */
    List<? extends Account> list();

    Optional<? extends Account> find(String jid);

    /** Adds an existing account with its password (kept in the profile); not connected yet. */
    Account add(AccountRecord record, String password);

    /** What creating an account on {@code server} (its domain, host, port, pins) needs: the server's form. */
    CompletableFuture<RegistrationForm> registrationForm(AccountRecord server);

    /** Creates the account by answering {@code form} (XEP-0077, a CAPTCHA by field name) and adds it. */
    CompletableFuture<? extends Account> register(AccountRecord record, String password, RegistrationForm form,
                                                  Map<String, String> answers);

    /** Stores a changed record (server host and port, pinned certificates, enabled); the next attempt uses it. */
    void update(AccountRecord record);

    /** Stores a password changed elsewhere; the next attempt uses it. */
    void changePassword(String jid, String password);

    /** Disconnects the account and deletes it with its messages, keys and files. */
    CompletableFuture<Void> remove(String jid);
}
