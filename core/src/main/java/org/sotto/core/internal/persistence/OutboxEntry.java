package org.sotto.core.internal.persistence;

import java.util.Objects;

/**
 * A stanza waiting to go out, exactly as it will be sent (after the encrypt stage).
 *
 * @param peer       the conversation (bare JID of the contact or room)
 * @param messageKey the {@code ChatMessage} it belongs to, or a fresh key for stanzas without one (reactions, …)
 * @param stanzaXml  the serialized stanza; it may contain plaintext, so the store keeps it encrypted at rest
 */
public record OutboxEntry(String account, String peer, String messageKey, String stanzaId, String stanzaXml) {
    public OutboxEntry {
        Objects.requireNonNull(account);
        Objects.requireNonNull(peer);
        Objects.requireNonNull(messageKey);
        Objects.requireNonNull(stanzaId);
        Objects.requireNonNull(stanzaXml);
    }

    @Override
    public String toString() {
        return "OutboxEntry[" + account + " " + messageKey + " " + stanzaId + "]";
    }
}
