package org.sotto.core.api.event;

/**
 * Something that happened in one account; listeners receive events on Sotto's event thread (or their own executor),
 * in order. Sealed: a window's {@code switch} over the events it shows is checked for completeness by the compiler.
 */
public sealed interface SottoEvent permits AvatarChanged, BookmarksChanged, CatchUpProgress, ChatEncryptionChanged,
        ChatStateChanged, ConnectionStateChanged, DeviceAppeared, FileProgress, FileUpdated, IdentityKeyChanged,
        InvitationReceived, MessageAdded, MessageFailed, MessageUpdated, OccupantsChanged, OmemoSendBlocked,
        PresenceChanged, RosterChanged, SubjectChanged, SubscriptionRequested, UnreadCountChanged {
    /** The bare JID of the account the event belongs to. */
    String account();
}
