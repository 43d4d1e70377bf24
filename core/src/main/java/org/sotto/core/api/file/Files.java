package org.sotto.core.api.file;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Encrypted file sharing of one account (XEP-0363 upload, XEP-0454 {@code aesgcm://} inside an OMEMO message).
 * Files are shared only in end-to-end encrypted chats; the local copies stay encrypted in the profile and the
 * plaintext appears only where the user exports it. A message's file is {@code ChatMessage.attachment()}, read with
 * the message; its changes come as {@code MessageUpdated} (and {@code FileUpdated}) events.
 */
public interface Files {
    /**
     * The largest file (plaintext bytes) the account's server accepts for upload, asked before uploading: empty when
     * the server states no limit. Fails with {@link FileException} ({@code NOT_CONNECTED}, {@code NO_UPLOAD_SERVICE}).
     */
    CompletableFuture<Optional<Long>> uploadLimit();

    /**
     * Sends files to a chat (a contact, or a room the user is in), one encrypted message each, in order. Each
     * transfer fails on its own ({@code TOO_LARGE} with the limit before anything is encrypted or uploaded,
     * {@code NOT_ENCRYPTED}, {@code NOT_CONNECTED}, {@code NO_UPLOAD_SERVICE}, {@code ENCRYPTION_BLOCKED},
     * {@code NOT_IN_ROOM} for a room the user left, {@code CANCELLED}, …). A path that is not a readable file is an {@link IllegalArgumentException} at once.
     */
    List<FileTransfer> send(String chat, List<Path> files);

    /** Downloads (or retries) the file of a received message; joins a download already running. */
    FileTransfer download(String messageKey);

    /** The file of a message, if it carries one. */
    CompletableFuture<Optional<Attachment>> attachment(String messageKey);

    /**
     * Writes the plaintext to {@code target} (replaced if it exists), verified before it is moved into place.
     * Fails with {@code NOT_DOWNLOADED} before the download, {@code NO_FILE} for a message without a file.
     */
    CompletableFuture<Path> export(String messageKey, Path target);

    /**
     * Streams the plaintext into {@code out} (not closed), for a window that shows a file without writing it to disk
     * (an image's thumbnail); a stream that throws stops it. The tag is checked at the end: when the future fails with
     * {@code TAG_MISMATCH}, what was written must be thrown away. Fails like {@link #export(String, Path)}.
     */
    CompletableFuture<Void> export(String messageKey, OutputStream out);

    /** Deletes the local copy; the file can be downloaded again while the server keeps it. */
    CompletableFuture<Void> deleteLocalCopy(String messageKey);

    /** Received files up to this size (plaintext bytes) are downloaded without asking; 0 turns that off. */
    void setAutoDownloadLimit(long bytes);
}
