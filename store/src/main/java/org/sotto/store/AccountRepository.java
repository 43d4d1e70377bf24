package org.sotto.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The accounts of this profile. */
public final class AccountRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, jid, password, resource, enabled, roster_version, settings";
    private final Database db;

    AccountRepository(Database db) {
        this.db = db;
    }

    /** Adds an account; fails with a StoreException if the JID is already an account of this profile. */
    public Account add(String jid, String password, String resource) {
        long id = db.insert("INSERT INTO account (jid, password, resource) VALUES (?, ?, ?)", jid, password, resource);
        return get(id).orElseThrow();
    }

    public Optional<Account> get(long id) {
        return db.first("SELECT " + COLUMNS + " FROM account WHERE id = ?", AccountRepository::map, id);
    }

    public Optional<Account> find(String jid) {
        return db.first("SELECT " + COLUMNS + " FROM account WHERE jid = ?", AccountRepository::map, jid);
    }

    public List<Account> all() {
        return db.list("SELECT " + COLUMNS + " FROM account ORDER BY id", AccountRepository::map);
    }

    public void setPassword(long id, String password) {
        requireOne(db.update("UPDATE account SET password = ? WHERE id = ?", password, id), id);
    }

    public void setResource(long id, String resource) {
        requireOne(db.update("UPDATE account SET resource = ? WHERE id = ?", resource, id), id);
    }

    public void setEnabled(long id, boolean enabled) {
        requireOne(db.update("UPDATE account SET enabled = ? WHERE id = ?", enabled, id), id);
    }

    public void setRosterVersion(long id, String version) {
        requireOne(db.update("UPDATE account SET roster_version = ? WHERE id = ?", version, id), id);
    }

    public void setSettings(long id, Map<String, String> settings) {
        try {
            String json = JSON.writeValueAsString(new TreeMap<>(settings));
            requireOne(db.update("UPDATE account SET settings = ? WHERE id = ?", json, id), id);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("settings cannot be written as JSON", e);
        }
    }

    /** Removes the account and everything that belongs to it (contacts, conversations, messages, OMEMO state). */
    public void remove(long id) {
        db.update("DELETE FROM account WHERE id = ?", id);
    }

    private static void requireOne(int changed, long id) {
        if (changed != 1) {
            throw new StoreException("There is no account with id " + id);
        }
    }

    private static Account map(ResultSet row) throws SQLException {
        Map<String, String> settings;
        try {
            settings = JSON.readValue(row.getString("settings"), new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new SQLException("account settings are not a JSON object of strings", e);
        }
        return new Account(row.getLong("id"), row.getString("jid"), row.getString("password"),
                row.getString("resource"), row.getInt("enabled") == 1, row.getString("roster_version"), settings);
    }
}
