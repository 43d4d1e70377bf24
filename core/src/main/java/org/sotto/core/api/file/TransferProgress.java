package org.sotto.core.api.file;

import java.util.Objects;
import java.util.Optional;

/**
 * How far one transfer is. {@code done} and {@code total} are bytes of the current phase ({@code total} -1 when the
 * server did not say); a finished transfer is {@code DONE}, {@code FAILED} (with the reason) or {@code CANCELLED}.
 */
public record TransferProgress(Phase phase, long done, long total, Optional<FileException.Reason> failure) {
    public enum Phase {
        /** Not started yet (waiting for a transfer thread, or for the server's upload service). */
        WAITING,
        /** Encrypting into the profile before uploading. */
        ENCRYPTING,
        UPLOADING,
        DOWNLOADING,
        /** Sent (the encrypted message is stored and queued) or downloaded (kept encrypted in the profile). */
        DONE,
        FAILED,
        CANCELLED
    }

    public TransferProgress {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(failure, "failure");
    }

    public static TransferProgress waiting() {
        return new TransferProgress(Phase.WAITING, 0, -1, Optional.empty());
    }

    /** True once nothing more happens: done, failed or cancelled. */
    public boolean finished() {
        return phase == Phase.DONE || phase == Phase.FAILED || phase == Phase.CANCELLED;
    }
}
