package org.sotto.core.api.chat;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the chat list.
 *
 * @param peer       the contact's bare JID, or the room's
 * @param newest     the newest message
 * @param unread     how many incoming messages are unread
 * @param title      what to call the chat: the contact's name in the roster, else the JID
 * @param kind       1:1 or group chat
 * @param encryption what the next message would be (the chat's encryption state); for a chat without one known
 *                   yet, the newest message's
 * @param muted      the user muted it
 * @param pinned     the user pinned it on top
 * @param avatar     the SHA-1 of the peer's picture when the profile holds it ({@code Avatars.avatar(peer)} answers
 *                   it without the network); empty when the peer has none or it is not fetched yet
 */
public record ConversationSummary(String peer, ChatMessage newest, int unread, String title, ChatKind kind,
                                  Encryption encryption, boolean muted, boolean pinned, Optional<String> avatar) {
    public ConversationSummary {
        Objects.requireNonNull(peer);
        Objects.requireNonNull(newest);
        Objects.requireNonNull(title);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(encryption);
        Objects.requireNonNull(avatar);
    }

    /** An entry named by its JID, not muted or pinned, in the newest message's encryption state. */
    public ConversationSummary(String peer, ChatMessage newest, int unread) {
        this(peer, newest, unread, peer, newest.kind(), newest.encryption(), false, false, Optional.empty());
    }

    public ConversationSummary withNewest(ChatMessage message) {
        return new ConversationSummary(peer, message, unread, title, kind, encryption, muted, pinned, avatar);
    }

    public ConversationSummary withUnread(int count) {
        return new ConversationSummary(peer, newest, count, title, kind, encryption, muted, pinned, avatar);
    }

    public ConversationSummary withTitle(String name) {
        return new ConversationSummary(peer, newest, unread, name, kind, encryption, muted, pinned, avatar);
    }

    public ConversationSummary withEncryption(Encryption state) {
        return new ConversationSummary(peer, newest, unread, title, kind, state, muted, pinned, avatar);
    }

    public ConversationSummary withMuted(boolean mute) {
        return new ConversationSummary(peer, newest, unread, title, kind, encryption, mute, pinned, avatar);
    }

    public ConversationSummary withPinned(boolean pin) {
        return new ConversationSummary(peer, newest, unread, title, kind, encryption, muted, pin, avatar);
    }

    public ConversationSummary withAvatar(Optional<String> sha1) {
        return new ConversationSummary(peer, newest, unread, title, kind, encryption, muted, pinned, sha1);
    }
}
