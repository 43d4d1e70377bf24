package org.sotto.core.api.file;

import java.util.concurrent.CompletableFuture;

import org.sotto.core.api.event.ObservableValue;

/**
 * One upload or download under way. {@link #progress()} follows it (on Sotto's event thread, in steps of 256 KiB
 * plus a last one); {@link #result()} completes with the message's attachment when it is done, or exceptionally with
 * a {@link FileException} (reason {@code CANCELLED} after {@link #cancel()}).
 */
public interface FileTransfer {
    /** Names this transfer (the message key for downloads). */
    String id();

    /** The file's name (the original name when sending; for a download empty until its record was read). */
    String name();

    ObservableValue<TransferProgress> progress();

    CompletableFuture<Attachment> result();

    /**
     * Stops the transfer: an upload before its message is stored (nothing is sent, the encrypted local copy is
     * deleted), a download before it finished (no partial file is kept; the file stays PENDING). Returns false when
     * it is too late (or already finished).
     */
    boolean cancel();
}
