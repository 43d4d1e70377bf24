package org.sotto.core.api.chat;

import java.util.Objects;
import java.util.Optional;

/**
 * What the user began to write in a chat and has not sent, kept in the profile until sent or cleared.
 *
 * @param text      the text as typed
 * @param replyToId the message it answers (its reference id), if the user chose one
 */
public record Draft(String text, Optional<String> replyToId) {
    public Draft {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(replyToId, "replyToId");
    }

    public static Draft of(String text) {
        return new Draft(text, Optional.empty());
    }
}
