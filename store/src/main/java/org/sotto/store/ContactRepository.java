package org.sotto.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** The roster cache: contacts, their groups, subscription and name; the roster version is on the account. */
public final class ContactRepository {
    private static final String COLUMNS = "account_id, jid, name, subscription, ask_subscribe";
    private final Database db;

    ContactRepository(Database db) {
        this.db = db;
    }

    /** Inserts or replaces one roster entry, groups included. */
    public void put(Contact contact) {
        db.transaction(() -> {
            db.update("INSERT INTO contact (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?) "
                            + "ON CONFLICT (account_id, jid) DO UPDATE SET name = excluded.name, "
                            + "subscription = excluded.subscription, ask_subscribe = excluded.ask_subscribe",
                    contact.accountId(), contact.jid(), contact.name(), contact.subscription(), contact.askSubscribe());
            db.update("DELETE FROM contact_group WHERE account_id = ? AND jid = ?", contact.accountId(), contact.jid());
            for (String group : contact.groups()) {
                db.update("INSERT INTO contact_group (account_id, jid, group_name) VALUES (?, ?, ?)",
                        contact.accountId(), contact.jid(), group);
            }
        });
    }

    /** Replaces the whole cached roster of an account (a full roster push) and its roster version, atomically. */
    public void replaceRoster(long accountId, List<Contact> roster, String rosterVersion) {
        db.transaction(() -> {
            db.update("DELETE FROM contact WHERE account_id = ?", accountId);
            roster.forEach(this::put);
            db.accounts().setRosterVersion(accountId, rosterVersion);
        });
    }

    public Optional<Contact> find(long accountId, String jid) {
        return db.first("SELECT " + COLUMNS + " FROM contact WHERE account_id = ? AND jid = ?", this::map, accountId, jid);
    }

    public List<Contact> list(long accountId) {
        return db.list("SELECT " + COLUMNS + " FROM contact WHERE account_id = ? ORDER BY jid", this::map, accountId);
    }

    /** Inserts or replaces one entry (a roster push) and sets the roster version, atomically. */
    public void put(Contact contact, String rosterVersion) {
        db.transaction(() -> {
            put(contact);
            db.accounts().setRosterVersion(contact.accountId(), rosterVersion);
        });
    }

    public void remove(long accountId, String jid) {
        db.update("DELETE FROM contact WHERE account_id = ? AND jid = ?", accountId, jid);
    }

    /** Removes one entry (a roster push of subscription 'remove') and sets the roster version, atomically. */
    public void remove(long accountId, String jid, String rosterVersion) {
        db.transaction(() -> {
            remove(accountId, jid);
            db.accounts().setRosterVersion(accountId, rosterVersion);
        });
    }

    private Contact map(ResultSet row) throws SQLException {
        long accountId = row.getLong("account_id");
        String jid = row.getString("jid");
        List<String> groups = db.list("SELECT group_name FROM contact_group WHERE account_id = ? AND jid = ?",
                r -> r.getString(1), accountId, jid);
        return new Contact(accountId, jid, row.getString("name"), Subscription.valueOf(row.getString("subscription")),
                row.getInt("ask_subscribe") == 1, new HashSet<>(groups));
    }
}
