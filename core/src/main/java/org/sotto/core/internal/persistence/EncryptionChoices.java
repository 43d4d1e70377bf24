package org.sotto.core.internal.persistence;

import java.util.Set;

/** The user's explicit per-chat choice to send plaintext instead of OMEMO (OMEMO is the default, kept as nothing). */
public interface EncryptionChoices {
    /** The peers of the account's 1:1 chats in which the user chose plaintext. */
    Set<String> plaintextChats(String account);

    /** Records the choice: plaintext, or back to OMEMO. */
    void setPlaintext(String account, String peer, boolean plaintext);
}
