package org.sotto.store;

import java.util.Map;

/**
 * An XMPP account. The password lives only inside the encrypted database.
 *
 * @param settings free-form per-account settings (stored as JSON)
 */
public record Account(long id, String jid, String password, String resource, boolean enabled, String rosterVersion,
                      Map<String, String> settings) {
    public Account {
        settings = Map.copyOf(settings);
    }

    @Override
    public String toString() {
        return "Account[id=" + id + ", jid=" + jid + ", enabled=" + enabled + "]"; // never the password
    }
}
