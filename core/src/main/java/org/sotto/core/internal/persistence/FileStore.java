package org.sotto.core.internal.persistence;

import java.nio.file.Path;
import java.util.Optional;

import org.sotto.core.internal.files.SharedFile;

/** Shared files (XEP-0454) and the directory of their encrypted local copies, per account. */
public interface FileStore {
    /** The account's directory for encrypted file copies, created owner-only (0700) if missing. */
    Path directory(String account);

    /** Inserts or replaces the file of {@code file.messageKey()}; the message must be in the log already. */
    void save(SharedFile file);

    Optional<SharedFile> find(String account, String messageKey);

    /** Forgets the account's files: the records and the directory with every local copy. */
    void removeAccount(String account);
}
