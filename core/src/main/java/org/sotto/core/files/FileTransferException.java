package org.sotto.core.files;

import java.util.Objects;

/** A file transfer that did not work, with a reason the GUI can act on; the message itself is never lost. */
public final class FileTransferException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** Larger than the server accepts (upload) or than the caller's limit (download). */
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
        /** The account is not connected. */
        NOT_CONNECTED,
        /** Reading or writing a local file failed. */
        LOCAL_IO,
        /** Exporting needs the file to be downloaded first. */
        NOT_DOWNLOADED
    }

    private final Reason reason;

    public FileTransferException(Reason reason, String message) {
        this(reason, message, null);
    }

    public FileTransferException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason);
    }

    public Reason reason() {
        return reason;
    }
}
