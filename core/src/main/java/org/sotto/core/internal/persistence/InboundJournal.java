package org.sotto.core.internal.persistence;

import java.time.Instant;
import java.util.List;

/**
 * Received message stanzas not yet stored: written (durably) before Smack may count the stanza as handled for
 * XEP-0198, deleted in the transaction that stores the message, replayed after a crash. The XML may contain
 * plaintext: encrypted at rest.
 */
public interface InboundJournal {
    /**
     * Writes the stanza durably; returns its id. Called on Smack's listener thread: no network I/O.
     * {@code receivedAt} is kept to the millisecond.
     */
    long append(String account, String stanzaXml, Instant receivedAt);

    /** The account's journaled stanzas, in the order they arrived. */
    List<JournalEntry> pending(String account);

    /** Deletes an entry (inside the unit of work that stored its message); unknown ids are ignored. */
    void remove(String account, long id);

    void removeAccount(String account);

    /** One journaled stanza. */
    record JournalEntry(long id, String account, String stanzaXml, Instant receivedAt) {
        @Override
        public String toString() {
            return "JournalEntry[id=" + id + ", account=" + account + "]"; // never the XML
        }
    }

    /** For persistences without a journal: nothing is written, nothing replayed. */
    InboundJournal NONE = new InboundJournal() {
        @Override
        public long append(String account, String stanzaXml, Instant receivedAt) {
            return -1;
        }

        @Override
        public List<JournalEntry> pending(String account) {
            return List.of();
        }

        @Override
        public void remove(String account, long id) {
        }

        @Override
        public void removeAccount(String account) {
        }
    };
}
