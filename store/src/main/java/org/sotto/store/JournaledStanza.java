package org.sotto.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A received stanza in the inbound journal: written before stream management may acknowledge it, deleted when the
 * message it carries is stored. It may contain plaintext, which is why it is kept only inside the encrypted database.
 *
 * @param id the order of arrival
 */
public record JournaledStanza(long id, long accountId, String stanzaXml, Instant receivedAt) {
    public JournaledStanza {
        Objects.requireNonNull(stanzaXml, "stanzaXml");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    @Override
    public String toString() {
        return "JournaledStanza[id=" + id + ", account=" + accountId + "]"; // never the XML
    }
}
