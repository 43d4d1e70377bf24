package org.sotto.core.api.room;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.sotto.core.api.chat.Encryption;

/**
 * Whether what the user sends to a room is end-to-end encrypted, and if not, why.
 *
 * @param state         as for a 1:1 chat: PLAINTEXT only when the user chose it, ENCRYPTION_UNAVAILABLE when the room
 *                      cannot be encrypted (not members-only, or anonymous), DEVICES_UNKNOWN when its features
 *                      or its members' devices are not known yet (see {@code whyNot})
 * @param whyNot        why the room is not (fully) encrypted; empty when it is
 * @param withoutOmemo  members (real bare JIDs) with no known OMEMO device: a send names them and fails with
 *                      {@code NO_DEVICES} unless their devices are found by then
 */
public record RoomEncryptionState(Encryption state, Optional<NotEncrypted> whyNot, Set<String> withoutOmemo) {
    public enum NotEncrypted {
        /** The user chose plaintext for this room. */
        PLAINTEXT_CHOSEN,
        /** Anyone may enter: the set of readers is not known. */
        NOT_MEMBERS_ONLY,
        /** The room hides real JIDs (semi-anonymous), so members' devices cannot be found. */
        ANONYMOUS,
        /** The room's features are not known (not in the room now, offline, or it did not answer). */
        FEATURES_UNKNOWN,
        /** The account has OMEMO off. */
        NO_OMEMO,
        /** No device of any member is known yet (e.g. the user is alone in the room). */
        NO_DEVICES_KNOWN,
        /** Some members have no known OMEMO device: they could not read what is sent. */
        MEMBERS_WITHOUT_OMEMO,
        /** Undecided devices need the user's trust decision before a send. */
        UNDECIDED_DEVICES
    }

    public RoomEncryptionState {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(whyNot, "whyNot");
        withoutOmemo = Set.copyOf(withoutOmemo);
    }

    public static RoomEncryptionState unknown() {
        return new RoomEncryptionState(Encryption.DEVICES_UNKNOWN, Optional.of(NotEncrypted.FEATURES_UNKNOWN),
                Set.of());
    }
}
