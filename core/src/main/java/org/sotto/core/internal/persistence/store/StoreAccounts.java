package org.sotto.core.internal.persistence.store;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.internal.persistence.AccountRepository;
import org.sotto.store.Account;
import org.sotto.store.Database;

/**
 * Accounts on the store's account table. What the table has no column for (server override, pinned certificates)
 * goes into the account's settings; the password stays in its column inside the encrypted file.
 */
final class StoreAccounts implements AccountRepository {
    static final String HOST = "core.host";
    static final String PORT = "core.port";
    static final String PINS = "core.pinnedCertificates";
    private final Database db;
    /**
     * Row ids of accounts looked up before: every port call needs one (a catch-up made thousands of account-row
     * reads). A row's id never changes while it exists; {@link #save} (which may add a row, possibly in a
     * transaction that rolls back) and {@link #remove} forget them all.
     */
    private final Map<String, Long> ids = new ConcurrentHashMap<>();

    StoreAccounts(Database db) {
        this.db = db;
    }

    /** The store's row id of an account, for the other ports. */
    Optional<Long> id(String jid) {
        Long known = ids.get(jid);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Long> id = db.accounts().find(jid).map(Account::id);
        id.ifPresent(found -> ids.put(jid, found));
        return id;
    }

    /** The row id of an account that must exist (ports write only for accounts that were saved first). */
    long requireId(String jid) {
        return id(jid).orElseThrow(() -> new IllegalStateException("there is no account " + jid + " in this profile"));
    }

    @Override
    public List<AccountRecord> accounts() {
        return db.accounts().all().stream().map(StoreAccounts::record).toList();
    }

    @Override
    public Optional<AccountRecord> find(String jid) {
        return db.accounts().find(jid).map(StoreAccounts::record);
    }

    @Override
    public void save(AccountRecord record) {
        ids.clear();
        try {
            saveRow(record);
        } finally {
            ids.clear();
        }
    }

    private void saveRow(AccountRecord record) {
        db.transaction(() -> {
            Account account = db.accounts().find(record.jid())
                    .orElseGet(() -> db.accounts().add(record.jid(), null, record.resource()));
            db.accounts().setResource(account.id(), record.resource());
            db.accounts().setEnabled(account.id(), record.enabled());
            Map<String, String> settings = new HashMap<>(account.settings());
            settings.remove(HOST);
            settings.remove(PORT);
            settings.remove(PINS);
            record.host().ifPresent(host -> settings.put(HOST, host));
            record.port().ifPresent(port -> settings.put(PORT, Integer.toString(port)));
            if (!record.pinnedCertificates().isEmpty()) {
                settings.put(PINS, String.join(",", record.pinnedCertificates()));
            }
            db.accounts().setSettings(account.id(), settings);
        });
    }

    @Override
    public void remove(String jid) {
        try {
            db.transaction(() -> id(jid).ifPresent(id -> db.accounts().remove(id)));
        } finally {
            ids.clear();
        }
    }

    @Override
    public Optional<String> password(String jid) {
        return db.accounts().find(jid).map(Account::password);
    }

    /** The account must have been saved first: the password lives in its row. */
    @Override
    public void savePassword(String jid, String password) {
        db.transaction(() -> db.accounts().setPassword(requireId(jid), password));
    }

    @Override
    public void removePassword(String jid) {
        db.transaction(() -> id(jid).ifPresent(id -> db.accounts().setPassword(id, null)));
    }

    private static AccountRecord record(Account account) {
        Map<String, String> settings = account.settings();
        String pins = settings.get(PINS);
        return new AccountRecord(account.jid(), account.resource() == null ? "sotto" : account.resource(),
                Optional.ofNullable(settings.get(HOST)),
                settings.containsKey(PORT) ? OptionalInt.of(Integer.parseInt(settings.get(PORT))) : OptionalInt.empty(),
                pins == null ? Set.of() : Set.copyOf(Arrays.asList(pins.split(","))), account.enabled());
    }
}
