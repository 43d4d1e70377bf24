package org.sotto.core.internal.persistence;

import java.util.Optional;

import org.sotto.core.api.chat.Draft;

/** One unsent draft per chat (account and peer); in a profile the {@code draft} table. */
public interface Drafts {
    Optional<Draft> find(String account, String peer);

    /** Keeps {@code draft} for the chat; an empty text removes it. */
    void save(String account, String peer, Draft draft);
}
