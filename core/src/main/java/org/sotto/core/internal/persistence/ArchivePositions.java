package org.sotto.core.internal.persistence;

import java.util.Optional;

/**
 * Where MAM catch-up continues: the archive id (XEP-0359 stanza-id) of the newest message stored from each archive
 * (the account's own archive is keyed by the account's bare JID; rooms by their JID).
 */
public interface ArchivePositions {
    Optional<String> lastArchiveId(String account, String archive);

    void save(String account, String archive, String archiveId);

    void removeAccount(String account);
}
