package org.sotto.core.internal.persistence.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.internal.persistence.MessageLog;
import org.sotto.store.Attachment;
import org.sotto.store.Conversation;
import org.sotto.store.ConversationKind;
import org.sotto.store.Database;
import org.sotto.store.InsertResult;
import org.sotto.store.Message;
import org.sotto.store.NewestMessage;

/**
 * The message log on the store's conversation and message tables. De-duplication follows {@link MessageLog}: the
 * check and the insert run in one transaction, and the store's unique indexes back it up.
 */
final class StoreMessageLog implements MessageLog {
    private final Supplier<Database> database;
    private final StoreAccounts accounts;

    /** {@code database}: the writing connection, or {@code Database::reader} for the log that only reads. */
    StoreMessageLog(Supplier<Database> database, StoreAccounts accounts) {
        this.database = database;
        this.accounts = accounts;
    }

    private Database db() {
        return database.get();
    }

    @Override
    public boolean append(ChatMessage message) {
        return db().transaction(() -> {
            long accountId = accounts.requireId(message.account());
            if (holdsSame(accountId, message)) {
                return false;
            }
            Conversation conversation = db().conversations().open(accountId, message.peer(), kind(message.kind()));
            InsertResult result = db().messages().insert(MessageMapping.toStore(conversation.id(), message, null));
            if (result.isNew() && !message.reactions().isEmpty()) {
                db().messages().replaceReactions(result.id(), message.reactions(), Instant.now());
            }
            return result.isNew();
        });
    }

    @Override
    public boolean contains(ChatMessage message) {
        return db().transaction(() -> accounts.id(message.account()).map(id -> holdsSame(id, message)).orElse(false));
    }

    private boolean holdsSame(long accountId, ChatMessage m) {
        return db().messages().containsKey(m.key())
                || db().messages().findSame(accountId, m.peer(), MessageMapping.senderKey(m), m.originId().orElse(null),
                        m.messageId().orElse(null), m.archiveId().orElse(null)).isPresent();
    }

    @Override
    public void update(ChatMessage message) {
        db().transaction(() -> {
            Message stored = db().messages().findByKey(message.key())
                    .orElseThrow(() -> new IllegalArgumentException("no message with key " + message.key()));
            db().messages().rewrite(stored.id(), MessageMapping.toStore(stored.conversationId(), message, stored));
            if (!db().messages().reactions(stored.id()).equals(message.reactions())) {
                db().messages().replaceReactions(stored.id(), message.reactions(), Instant.now());
            }
            if (!message.unread() && !stored.read()) {
                db().messages().markRead(stored.id());
            }
        });
    }

    @Override
    public Optional<ChatMessage> findByReference(String account, String peer, String id) {
        return db().transaction(() -> conversation(account, peer)
                .flatMap(c -> db().messages().findByAnyId(c.id(), id).map(m -> toChat(account, c, m, file(m)))));
    }

    @Override
    public List<ChatMessage> history(String account, String peer, Optional<Instant> before, int limit) {
        return db().transaction(() -> conversation(account, peer).map(c -> {
            List<Message> page = before.isPresent() ? db().messages().newestBefore(c.id(), before.get(), limit)
                    : db().messages().newest(c.id(), limit);
            Map<Long, Attachment> files = files(page);
            return page.stream().map(m -> toChat(account, c, m, files.get(m.id()))).toList();
        }).orElse(List.of()));
    }

    @Override
    public List<ChatMessage> before(String account, String peer, String key, int limit) {
        return around(account, peer, key, limit, 0).stream().filter(m -> !m.key().equals(key)).toList();
    }

    @Override
    public List<ChatMessage> after(String account, String peer, String key, int limit) {
        return around(account, peer, key, 0, limit).stream().filter(m -> !m.key().equals(key)).toList();
    }

    @Override
    public List<ChatMessage> around(String account, String peer, String key, int before, int after) {
        return db().transaction(() -> conversation(account, peer).flatMap(c -> db().messages().findByKey(key)
                .filter(anchor -> anchor.conversationId() == c.id() && anchor.refKind() == null)
                .map(anchor -> {
                    List<Message> page = new ArrayList<>(before > 0
                            ? db().messages().before(anchor.id(), before) : List.of());
                    page.add(anchor);
                    if (after > 0) {
                        page.addAll(db().messages().after(anchor.id(), after));
                    }
                    Map<Long, Attachment> files = files(page);
                    return page.stream().map(m -> toChat(account, c, m, files.get(m.id()))).toList();
                })).orElse(List.of()));
    }

    @Override
    public List<ChatMessage> conversations(String account) {
        return db().transaction(() -> {
            Optional<Long> accountId = accounts.id(account);
            if (accountId.isEmpty()) {
                return List.<ChatMessage>of();
            }
            // three queries however many chats: the newest of each with its conversation's peer, their reactions,
            // their files
            List<NewestMessage> newest = db().messages().newestPerConversation(accountId.get());
            List<Message> messages = newest.stream().map(NewestMessage::message).toList();
            Map<Long, Map<String, Set<String>>> reactions = db().messages().reactions(messages.stream().map(Message::id).toList());
            Map<Long, Attachment> files = files(messages);
            List<ChatMessage> list = new ArrayList<>(newest.size());
            for (NewestMessage n : newest) {
                Message m = n.message();
                list.add(MessageMapping.toChat(account, n.peerJid(), n.kind(), m, reactions.getOrDefault(m.id(), Map.of()),
                        files.get(m.id())));
            }
            list.sort(Comparator.comparing(ChatMessage::timestamp).reversed());
            return List.copyOf(list);
        });
    }

    @Override
    public List<ChatMessage> search(String account, Optional<String> peer, String text, int limit) {
        return db().transaction(() -> {
            Optional<Long> accountId = accounts.id(account);
            if (accountId.isEmpty()) {
                return List.<ChatMessage>of();
            }
            List<Message> hits;
            if (peer.isPresent()) {
                Optional<Conversation> c = db().conversations().find(accountId.get(), peer.get());
                hits = c.isEmpty() ? List.of() : db().messages().search(c.get().id(), text, limit);
            } else {
                hits = db().messages().searchAccount(accountId.get(), text, limit);
            }
            Map<Long, Optional<Conversation>> conversations = new HashMap<>();
            Map<Long, Attachment> files = files(hits);
            List<ChatMessage> found = new ArrayList<>();
            for (Message m : hits) {
                conversations.computeIfAbsent(m.conversationId(), id -> db().conversations().get(id))
                        .ifPresent(c -> found.add(toChat(account, c, m, files.get(m.id()))));
            }
            return List.copyOf(found);
        });
    }

    @Override
    public Optional<String> oldestArchiveId(String account, String peer) {
        return db().transaction(() -> conversation(account, peer).flatMap(c -> db().messages().oldestArchiveId(c.id())));
    }

    /**
     * The store's {@code is_read} flag mirrors {@link ChatMessage#unread()} (set on append and update; migration V6
     * derived it for older rows), so the count is the store's indexed {@code countUnread}.
     */
    @Override
    public int unreadCount(String account, String peer) {
        return db().transaction(() -> conversation(account, peer).map(c -> db().messages().countUnread(c.id())).orElse(0));
    }

    @Override
    public Map<Integer, Instant> lastMessageByDevice(String account, String sender) {
        return accounts.id(account).map(id -> db().messages().lastMessageBySenderDevice(id,
                account.equals(sender) ? null : sender, sender)).orElse(Map.of());
    }

    @Override
    public Map<String, Integer> unreadCounts(String account) {
        return db().transaction(() -> {
            Map<String, Integer> counts = new TreeMap<>();
            accounts.id(account).ifPresent(id -> counts.putAll(db().messages().unreadCountsByPeer(id)));
            return counts;
        });
    }


    @Override
    public void removeAccount(String account) {
        db().transaction(() -> accounts.id(account).ifPresent(id -> {
            for (Conversation c : db().conversations().list(id)) {
                db().conversations().remove(c.id());
            }
        }));
    }

    private Optional<Conversation> conversation(String account, String peer) {
        return accounts.id(account).flatMap(id -> db().conversations().find(id, peer));
    }

    private ChatMessage toChat(String account, Conversation conversation, Message m, Attachment file) {
        return MessageMapping.toChat(account, conversation, m, db().messages().reactions(m.id()), file);
    }

    /** The files of a page of messages, in one query. */
    private Map<Long, Attachment> files(List<Message> page) {
        return page.isEmpty() ? Map.of() : db().attachments().firstForMessages(page.stream().map(Message::id).toList());
    }

    private Attachment file(Message m) {
        return db().attachments().forMessage(m.id()).stream().findFirst().orElse(null);
    }

    @Override
    public Optional<ChatMessage> find(String account, String key) {
        return db().transaction(() -> db().messages().findByKey(key).flatMap(m -> db().conversations().get(m.conversationId())
                .filter(c -> accounts.id(account).map(id -> id == c.accountId()).orElse(false))
                .map(c -> toChat(account, c, m, file(m)))));
    }

    private static ConversationKind kind(ChatKind kind) {
        return kind == ChatKind.GROUPCHAT ? ConversationKind.GROUP : ConversationKind.CHAT;
    }
}
