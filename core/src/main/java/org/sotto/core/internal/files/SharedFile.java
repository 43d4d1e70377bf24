package org.sotto.core.internal.files;

import java.net.URI;
import java.net.URLConnection;
import java.util.Objects;
import java.util.Optional;

import org.sotto.core.api.file.Attachment;
import org.sotto.core.api.file.FileException;
import org.sotto.core.api.file.TransferState;
import org.sotto.crypto.files.FileCipher.FileKey;

/**
 * A file shared in a message (XEP-0454 {@code aesgcm://}), as Sotto keeps it. The local copy, once there, is the
 * still encrypted file exactly as it lies on the upload server; its key lives only in the encrypted database and
 * the plaintext appears only when the user exports it.
 *
 * @param messageKey the message that carries the file ({@code ChatMessage.key()})
 * @param downloadUrl the HTTPS URL of the encrypted file
 * @param fileName   the last segment of the URL path, decoded (a name for an export dialog, never a path)
 * @param size       plaintext size in bytes once known (after upload, download, or the download's response headers)
 * @param failure    why the last transfer failed, when {@code state} is FAILED
 * @param localName  the name of the encrypted local copy inside the account's file directory, when DONE
 */
public record SharedFile(String account, String messageKey, URI downloadUrl, FileKey key, String fileName,
                         Optional<Long> size, TransferState state, Optional<FileException.Reason> failure,
                         Optional<String> localName) {
    public SharedFile {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(messageKey, "messageKey");
        Objects.requireNonNull(downloadUrl, "downloadUrl");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(localName, "localName");
    }

    /** A file seen in a received message (or a carbon of the user's other client), not downloaded yet. */
    public static SharedFile announced(String account, String messageKey, AesGcmUrl url) {
        return new SharedFile(account, messageKey, url.httpsUrl(), url.key(), nameOf(url.httpsUrl()), Optional.empty(),
                TransferState.PENDING, Optional.empty(), Optional.empty());
    }

    /** What the API shows of it: never the URL or the key. */
    public Attachment attachment() {
        return new Attachment(messageKey, fileName, size, mediaType(fileName), state, failure);
    }

    /** Guessed from the name's extension. */
    public static String mediaType(String name) {
        String guessed = URLConnection.guessContentTypeFromName(name);
        return guessed == null ? "application/octet-stream" : guessed;
    }

    /** The same file under another name (a sent file keeps its original name). */
    public SharedFile named(String name) {
        return new SharedFile(account, messageKey, downloadUrl, key, name, size, state, failure, localName);
    }

    /** The same file recorded for another message (the message key is known only once it is stored). */
    public SharedFile forMessage(String key) {
        return new SharedFile(account, key, downloadUrl, this.key, fileName, size, state, failure, localName);
    }

    /** The URL to put in a message body. */
    public AesGcmUrl aesGcmUrl() {
        return new AesGcmUrl(downloadUrl, key);
    }

    SharedFile with(TransferState next, Optional<FileException.Reason> why) {
        return new SharedFile(account, messageKey, downloadUrl, key, fileName, size, next, why, localName);
    }

    SharedFile withSize(long plaintextSize) {
        return new SharedFile(account, messageKey, downloadUrl, key, fileName, Optional.of(plaintextSize), state, failure,
                localName);
    }

    public SharedFile stored(String local, long plaintextSize) {
        return new SharedFile(account, messageKey, downloadUrl, key, fileName, Optional.of(plaintextSize),
                TransferState.DONE, Optional.empty(), Optional.of(local));
    }

    SharedFile withoutLocalCopy() {
        return new SharedFile(account, messageKey, downloadUrl, key, fileName, size, TransferState.PENDING,
                Optional.empty(), Optional.empty());
    }

    public static String nameOf(URI url) {
        String path = url.getPath() == null ? "" : url.getPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        // a name only: no directory parts, no control characters
        String clean = last.replaceAll("[\\\\/:\\p{Cntrl}]", "_").strip();
        return clean.isEmpty() || clean.equals(".") || clean.equals("..") ? "file" : clean;
    }

    @Override
    public String toString() { // never the URL or key
        return "SharedFile[" + messageKey + " " + state + failure.map(r -> " " + r).orElse("") + "]";
    }
}
