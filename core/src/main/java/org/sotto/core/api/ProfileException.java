package org.sotto.core.api;

import java.util.Objects;

/**
 * A profile could not be created, unlocked or changed; {@link #reason()} says which case it is, so a window can
 * answer each one (ask again, offer to open another directory, tell the user to update Sotto, …). Nothing on disk
 * was changed unless the reason says so.
 */
public final class ProfileException extends RuntimeException {
    /** Why; each with a sentence a person understands. */
    public enum Reason {
        WRONG_PASSPHRASE("The passphrase is not the one of this profile."),
        EMPTY_PASSPHRASE("The passphrase is empty."),
        PASSPHRASES_DIFFER("The two passphrases differ."),
        ALREADY_OPEN("The profile is open in another Sotto. Close it there first."),
        NOT_FOUND("There is no profile in this directory."),
        ALREADY_EXISTS("There is already a profile in this directory."),
        DAMAGED_HEADER("The profile's header file is missing or damaged; the messages are still in the database."),
        CORRUPT("The profile's database is damaged and cannot be opened. Sotto left it as it is."),
        NEWER_SCHEMA("The profile was written by a newer Sotto. Update Sotto to open it."),
        UNREADABLE("The profile could not be read or written (disk or permission problem).");

        private final String explanation;

        Reason(String explanation) {
            this.explanation = explanation;
        }

        public String explanation() {
            return explanation;
        }
    }

    private final Reason reason;

    public ProfileException(Reason reason, String detail, Throwable cause) {
        super(reason.explanation() + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"), cause);
        this.reason = Objects.requireNonNull(reason);
    }

    public ProfileException(Reason reason) {
        this(reason, null, null);
    }

    public Reason reason() {
        return reason;
    }
}
