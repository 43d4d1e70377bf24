package org.sotto.core.internal.persistence;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.sotto.core.api.chat.ChatMessage;

/**
 * The messages of every conversation. De-duplication is the log's job, so it holds across restarts: two messages are
 * the same when (account, archive id) match, or (account, peer, sender's bare JID, origin-id) match, or — when the
 * message has no origin-id — (account, peer, sender's bare JID, message id) match.
 */
public interface MessageLog {
    /** Stores the message unless the log holds the same message already; returns whether it was new. */
    boolean append(ChatMessage message);

    /** Whether {@link #append} would refuse this message as a duplicate. */
    boolean contains(ChatMessage message);

    /** The message with this key, with its file as it is now. */
    Optional<ChatMessage> find(String account, String key);

    /** Replaces the message with the same {@link ChatMessage#key()}. */
    void update(ChatMessage message);

    /**
     * The message of this conversation that others refer to by {@code id}: its message id, origin-id or archive id.
     * With several matches (ids are chosen by senders), the newest wins.
     */
    Optional<ChatMessage> findByReference(String account, String peer, String id);

    /** Up to {@code limit} messages before {@code before} (or the newest), oldest first. */
    List<ChatMessage> history(String account, String peer, Optional<Instant> before, int limit);

    /**
     * Up to {@code limit} messages of the conversation just before the message with {@code key} (not included), oldest
     * first, in timeline order (timestamp, then insertion). Empty when {@code key} is no message of this conversation.
     */
    List<ChatMessage> before(String account, String peer, String key, int limit);

    /** As {@link #before}, the messages just after the message with {@code key}, oldest first. */
    List<ChatMessage> after(String account, String peer, String key, int limit);

    /**
     * The message with {@code key} and up to {@code before} messages before and {@code after} messages after it, oldest
     * first, read at one point in time. Empty when {@code key} is no message of this conversation.
     */
    List<ChatMessage> around(String account, String peer, String key, int before, int after);

    /** The newest message of every conversation of the account, newest conversation first. */
    List<ChatMessage> conversations(String account);

    /**
     * Full-text search over the account's message bodies (in one conversation, or all): every word of {@code text}
     * must occur, the last one also as a prefix; case does not matter; query syntax is not interpreted. Up to
     * {@code limit} hits, the most recently stored first; each names its conversation ({@code peer}) and is found
     * again by its {@code key}.
     */
    List<ChatMessage> search(String account, Optional<String> peer, String text, int limit);

    /** The archive id of the oldest message of the conversation that has one: where scrollback continues. */
    Optional<String> oldestArchiveId(String account, String peer);

    /** How many messages of the conversation are {@link ChatMessage#unread() unread}. */
    default int unreadCount(String account, String peer) {
        return (int) history(account, peer, Optional.empty(), Integer.MAX_VALUE).stream().filter(ChatMessage::unread).count();
    }

    /**
     * When each OMEMO device of {@code sender} last sent a stored message: in the 1:1 chat with {@code sender}, or
     * (for the account's own JID) in any chat.
     */
    default Map<Integer, Instant> lastMessageByDevice(String account, String sender) {
        Map<Integer, Instant> last = new HashMap<>();
        List<ChatMessage> messages = account.equals(sender)
                ? conversations(account).stream().flatMap(c -> history(account, c.peer(), Optional.empty(),
                        Integer.MAX_VALUE).stream()).toList()
                : history(account, sender, Optional.empty(), Integer.MAX_VALUE);
        messages.stream().filter(m -> m.sender().equals(sender))
                .forEach(m -> m.senderDevice().ifPresent(device -> last.merge(device, m.timestamp(),
                        (a, b) -> a.isAfter(b) ? a : b)));
        return last;
    }

    /** The unread count of every conversation of the account that has unread messages. */
    default Map<String, Integer> unreadCounts(String account) {
        Map<String, Integer> counts = new TreeMap<>();
        for (ChatMessage newest : conversations(account)) {
            int unread = unreadCount(account, newest.peer());
            if (unread > 0) {
                counts.put(newest.peer(), unread);
            }
        }
        return counts;
    }

    void removeAccount(String account);
}
