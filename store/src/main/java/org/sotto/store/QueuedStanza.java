package org.sotto.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A stanza waiting in the outbox, exactly as it will be sent. It may contain plaintext, which is why it is kept
 * only inside the encrypted database.
 *
 * @param id         the queue order
 * @param messageKey the message it belongs to ({@link Message#key()}), or a fresh key for stanzas without one
 */
public record QueuedStanza(long id, long accountId, String peerJid, String messageKey, String stanzaId,
                           String stanzaXml, Instant queuedAt) {
    public QueuedStanza {
        Objects.requireNonNull(peerJid, "peerJid");
        Objects.requireNonNull(messageKey, "messageKey");
        Objects.requireNonNull(stanzaId, "stanzaId");
        Objects.requireNonNull(stanzaXml, "stanzaXml");
        Objects.requireNonNull(queuedAt, "queuedAt");
    }

    @Override
    public String toString() {
        return "QueuedStanza[id=" + id + ", account=" + accountId + ", stanza=" + stanzaId + "]"; // never the XML
    }
}
