package org.sotto.core.api.chat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.sotto.core.api.event.ObservableValue;
import org.sotto.core.api.event.Subscription;

/**
 * One account's chats: 1:1 chats, and group chats with the room's JID as the peer (see {@code Rooms}). A send is
 * stored first and goes out when the account is online, end-to-end encrypted unless the user chose plaintext for
 * that chat; reads answer from what the profile has committed, without waiting for a catch-up. A message that shares
 * a file has an empty body and the file as {@link ChatMessage#attachment()}.
 */
public interface Chats {
    /**
     * To a contact, or to a room the user is in (a group chat message); a room the user left fails with
     * {@code RoomException(NOT_IN_ROOM)} and nothing is stored.
     */
    CompletableFuture<ChatMessage> send(String peer, String body);

    /** XEP-0461: answers {@code original}. */
    CompletableFuture<ChatMessage> reply(ChatMessage original, String body);

    /** XEP-0308: replaces the text of an own message. */
    CompletableFuture<ChatMessage> correct(ChatMessage own, String newBody);

    /** XEP-0444: the user's reactions to a message (an empty set removes them). */
    CompletableFuture<ChatMessage> react(ChatMessage target, Set<String> reactions);

    /** XEP-0424: takes an own message back. */
    CompletableFuture<ChatMessage> retract(ChatMessage own);

    /** XEP-0333: the user saw this message (and the earlier ones). */
    CompletableFuture<Void> markDisplayed(ChatMessage incoming);

    /** Marks every message of the chat read; completes with how many were unread. */
    CompletableFuture<Integer> markRead(String peer);

    ObservableValue<UnreadCounts> unreadCounts();

    /** XEP-0085; never queued while offline. */
    CompletableFuture<Void> sendTyping(String peer, TypingState state);

    /**
     * Stored messages of the chat, oldest first: up to {@code limit} before {@code before} (or the newest). Like every
     * read here it answers from the profile's reading connection, never waiting for the account's work (a catch-up).
     */
    CompletableFuture<List<ChatMessage>> history(String peer, Optional<Instant> before, int limit);

    /**
     * Stored messages of the chat just before the message with {@code key} (not included), oldest first, up to
     * {@code limit}: the page to prepend when the user scrolls up. Timeline order is the message time, then the order
     * of storing, so messages with equal times are neither skipped nor repeated. Empty when {@code key} is no message
     * of this chat.
     */
    CompletableFuture<List<ChatMessage>> historyBefore(String peer, String key, int limit);

    /**
     * Stored messages of the chat just after the message with {@code key} (not included), oldest first, up to
     * {@code limit}: the page to append when the user scrolls down from a place in the past. Empty when {@code key} is
     * no message of this chat, or nothing came after it.
     */
    CompletableFuture<List<ChatMessage>> historyAfter(String peer, String key, int limit);

    /**
     * The message with {@code key} in its context: up to {@code before} messages before it, the message, up to
     * {@code after} after it, oldest first, read at one point in time (to open a chat at a search hit or a reply's
     * original). Empty when {@code key} is no message of this chat.
     */
    CompletableFuture<List<ChatMessage>> historyAround(String peer, String key, int before, int after);

    /** One page of older messages from the server's archive; {@code count} 1 to 250 (else an {@code IllegalArgumentException}). */
    CompletableFuture<ScrollbackResult> loadOlder(String peer, int count);

    /** The chat list: the newest message of each chat with its unread count, newest first (read once). */
    CompletableFuture<List<ConversationSummary>> conversationSummaries();

    /**
     * The chat list as it changes: pinned first, then the most recent; each entry with its title, unread count,
     * encryption state and settings; updated entry by entry from events, never by reading everything again.
     */
    ObservableValue<List<ConversationSummary>> conversationList();

    /** A muted chat notifies nothing; kept in the profile. */
    CompletableFuture<Void> setMuted(String peer, boolean muted);

    /** A pinned chat stays on top of the list; kept in the profile. */
    CompletableFuture<Void> setPinned(String peer, boolean pinned);

    /**
     * Writes the chat's stored messages, oldest first, to {@code target} as {@link HistoryFormat#TEXT text} or
     * {@link HistoryFormat#JSON JSON}: the user's own copy, readable without Sotto and not encrypted. The file is
     * written beside the target, readable by its owner only, and moved into place when complete (an existing file
     * is replaced). Undecryptable messages are written with their reason, never a fallback body; deleted ones as
     * deleted. Completes with the number of messages written; an I/O failure completes exceptionally and leaves no
     * partial file.
     */
    CompletableFuture<Integer> exportHistory(String peer, Path target, HistoryFormat format);

    /** Full-text search in one chat or all: every word, the last also as a prefix; newest stored first. */
    CompletableFuture<List<ChatMessage>> search(Optional<String> peer, String text, int limit);

    /**
     * Follows one chat's timeline: its messages as they are added or change (status, correction, reactions,
     * retraction: a changed message comes again with the same {@code key()}), on {@code executor}, in order, in
     * batches while the executor is busy. A window subscribes when it shows the chat and closes the subscription
     * when it hides it.
     */
    Subscription follow(String peer, Executor executor, Consumer<? super List<ChatMessage>> changes);

    CompletableFuture<Optional<Draft>> draft(String peer);

    /** Keeps what the user typed until it is sent or cleared (an empty text clears it). */
    CompletableFuture<Void> saveDraft(String peer, Draft draft);
}
