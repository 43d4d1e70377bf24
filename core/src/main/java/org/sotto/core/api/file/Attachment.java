package org.sotto.core.api.file;

import java.util.Objects;
import java.util.Optional;

/**
 * The file a message carries, as a window shows it. Never its key or download URL: those stay inside core and the
 * profile. A received file's name is the one in its URL (senders usually choose a random one; the extension
 * stays); a sent file's name is the original one.
 *
 * @param messageKey the message that carries it ({@code ChatMessage.key()})
 * @param size       plaintext bytes once known (sent; downloaded; or announced by the server before downloading)
 * @param mediaType  guessed from the name's extension ({@code application/octet-stream} when unknown)
 * @param failure    why the last transfer failed, when {@code state} is FAILED
 */
public record Attachment(String messageKey, String name, Optional<Long> size, String mediaType, TransferState state,
                         Optional<FileException.Reason> failure) {
    public Attachment {
        Objects.requireNonNull(messageKey, "messageKey");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(failure, "failure");
    }

    /** The local (still encrypted) copy is here: {@link Files#export} can write the plaintext. */
    public boolean downloaded() {
        return state == TransferState.DONE;
    }
}
