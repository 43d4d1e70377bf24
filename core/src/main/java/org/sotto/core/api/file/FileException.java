package org.sotto.core.api.file;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A file transfer that did not work, with a reason a window can act on; the message itself is never lost. The
 * sentence ({@link #getMessage()}) is for logs, never to be parsed.
 */
public final class FileException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** Larger than the server accepts (upload; {@link #limit()} says how many bytes it takes) or than the caller's limit (download). */
        TOO_LARGE,
        /** HTTP 404/410: the server no longer has the file (uploads expire). */
        NOT_FOUND,
        /** Another HTTP status. */
        HTTP_ERROR,
        /** The file does not match its key: altered, truncated, or a wrong key. Nothing of it is kept. */
        TAG_MISMATCH,
        /** The connection to the HTTP server failed or broke off (including an untrusted certificate). */
        NETWORK,
        /** The account's server offers no HTTP upload (XEP-0363) service. */
        NO_UPLOAD_SERVICE,
        /** The server refused the upload slot. */
        SLOT_REFUSED,
        /** The chat would not be end-to-end encrypted (no OMEMO, or plaintext chosen): the key would travel openly. */
        NOT_ENCRYPTED,
        /**
         * The uploaded file's message could not be encrypted for the chat (no devices, undecided devices, a room that
         * cannot be encrypted, …): nothing was sent. The chat's encryption state and the trust dialog say why.
         */
        ENCRYPTION_BLOCKED,
        /** The account is not connected. */
        NOT_CONNECTED,
        /** Reading or writing a local file failed. */
        LOCAL_IO,
        /** Exporting needs the file to be downloaded first. */
        NOT_DOWNLOADED,
        /** The user cancelled the transfer; nothing of it was kept or sent. */
        CANCELLED,
        /** The message carries no file. */
        NO_FILE,
        /** The chat is a room the user is no longer in: nothing was uploaded. */
        NOT_IN_ROOM
    }

    private final Reason reason;
    private final long limit;

    public FileException(Reason reason, String message) {
        this(reason, message, null);
    }

    public FileException(Reason reason, String message, Throwable cause) {
        this(reason, message, -1, cause);
    }

    /** {@code limit}: the largest size in bytes allowed (for {@link Reason#TOO_LARGE}), or -1. */
    public FileException(Reason reason, String message, long limit, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason);
        this.limit = limit;
    }

    public Reason reason() {
        return reason;
    }

    /** For {@link Reason#TOO_LARGE}: the most bytes of plaintext allowed, when known. */
    public OptionalLong limit() {
        return limit < 0 ? OptionalLong.empty() : OptionalLong.of(limit);
    }
}
