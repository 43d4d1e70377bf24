package org.sotto.core.internal.chat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

import org.sotto.core.api.NotConnectedException;
import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Chats;
import org.sotto.core.api.chat.ConversationSummary;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Draft;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.HistoryFormat;
import org.sotto.core.api.chat.ScrollbackResult;
import org.sotto.core.api.chat.TypingState;
import org.sotto.core.api.chat.UnreadCounts;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.event.MessageUpdated;
import org.sotto.core.api.event.ObservableValue;
import org.sotto.core.api.event.SottoEvent;
import org.sotto.core.api.event.Subscription;
import org.sotto.core.api.room.RoomException;
import org.sotto.core.internal.chat.pipeline.OutboundMessage;
import org.sotto.core.internal.chat.pipeline.OutboundPipeline;
import org.sotto.core.internal.chat.pipeline.PipelineContext;
import org.sotto.core.internal.connection.ConnectionSupervisor;
import org.sotto.core.internal.persistence.AvatarCache;
import org.sotto.core.internal.persistence.ChatSettings;
import org.sotto.core.internal.persistence.Drafts;
import org.sotto.core.internal.persistence.MessageLog;
import org.sotto.core.internal.persistence.RosterCache;

/**
 * One-to-one chats of one account: send, reply, correct, react, retract, mark as displayed, typing notifications,
 * local history and archive scrollback. Every call returns at once; the work runs on the account's worker thread
 * and what is sent while offline goes out, in order, after the next login.
 */
public final class ChatService implements Chats {
    private final PipelineContext context;
    private final ExecutorService worker;
    private final Supplier<OutboundPipeline> outbound;
    private final ArchiveSync archive;
    private final ConnectionSupervisor supervisor;
    private final ReadState readState;
    private final UnreadTracker unread;
    private final MessageLog reads;
    private final Executor readers;
    private final Drafts drafts;
    private final Object draftOrder = new Object();
    /** The last draft write asked for; each waits for the one before (guarded by {@code draftOrder}). */
    private CompletableFuture<Void> lastDraftWrite = CompletableFuture.completedFuture(null);
    private final ChatSettings settings;
    private final ConversationList conversationList;

    /**
     * @param reads   the log for reads that must not wait for the worker or a unit of work (see
     *                {@code Persistence.readOnlyMessages})
     * @param readers where those reads run (not the account's worker, which a catch-up keeps busy for seconds)
     */
    public ChatService(PipelineContext context, ExecutorService worker, Supplier<OutboundPipeline> outbound,
                       ArchiveSync archive, ConnectionSupervisor supervisor, MessageLog reads, Executor readers,
                       Drafts drafts, ChatSettings settings, RosterCache roster, AvatarCache avatars,
                       Function<String, Optional<Encryption>> chatState) {
        this.drafts = drafts;
        this.settings = settings;
        this.conversationList = new ConversationList(context.account(), reads, settings, roster, avatars, chatState,
                context.events());
        this.reads = reads;
        this.readers = readers;
        this.context = context;
        this.worker = worker;
        this.outbound = outbound;
        this.archive = archive;
        this.supervisor = supervisor;
        this.readState = new ReadState(context);
        this.unread = new UnreadTracker(context, worker, readState);
    }

    /**
     * To a contact, or to a room the user is in (kind GROUPCHAT, encrypted for its members): a room's JID is the
     * peer. A room the user is no longer in fails with {@code RoomException(NOT_IN_ROOM)}; nothing is stored.
     */
    public CompletableFuture<ChatMessage> send(String peer, String body) {
        String chat = contact(peer);
        String text = requireBody(body);
        return CompletableFuture.supplyAsync(() -> runHere(OutboundMessage.text(chat, kindOf(chat), text, Optional.empty())),
                worker);
    }

    /** A room the user is in is a group chat; a room they left is refused rather than sent a 1:1 message. */
    private ChatKind kindOf(String chat) {
        if (context.rooms().ownNickname(chat).isPresent()) {
            return ChatKind.GROUPCHAT;
        }
        boolean wasRoom = reads.history(context.account(), chat, Optional.empty(), 1).stream()
                .anyMatch(m -> m.kind() == ChatKind.GROUPCHAT);
        if (wasRoom) {
            throw new CompletionException(new RoomException(
                    RoomException.Reason.NOT_IN_ROOM, chat, "not in the room"));
        }
        return ChatKind.CHAT;
    }

    /** XEP-0461: a message that answers {@code original}. */
    public CompletableFuture<ChatMessage> reply(ChatMessage original, String body) {
        return run(OutboundMessage.text(original.peer(), original.kind(), requireBody(body), Optional.of(original)));
    }

    /** XEP-0308: replaces the text of one of the user's own messages. */
    public CompletableFuture<ChatMessage> correct(ChatMessage own, String newBody) {
        return run(OutboundMessage.correction(own, requireBody(newBody)));
    }

    /** XEP-0444: the user's full set of reactions to the message (an empty set removes them). */
    public CompletableFuture<ChatMessage> react(ChatMessage target, Set<String> reactions) {
        return run(OutboundMessage.reaction(target, reactions));
    }

    /** XEP-0424: retracts one of the user's own messages. */
    public CompletableFuture<ChatMessage> retract(ChatMessage own) {
        return run(OutboundMessage.retraction(own));
    }

    /**
     * XEP-0333: tells the sender the message was shown, and marks it and the earlier incoming messages of the
     * conversation read here (status DISPLAYED; the unread count drops). The user's other clients learn it from the
     * marker's carbon or the archive.
     */
    public CompletableFuture<Void> markDisplayed(ChatMessage incoming) {
        if (incoming.direction() != Direction.INCOMING) {
            throw new IllegalArgumentException("only received messages can be marked as displayed");
        }
        // read here even if the marker cannot go out (offline, or the send fails)
        return CompletableFuture.runAsync(() -> readState.markReadUpTo(incoming), worker)
                .thenCompose(ignored -> run(OutboundMessage.displayed(incoming))).thenApply(m -> null);
    }

    /**
     * Marks every incoming message of the conversation (a chat or a room) read here, without telling anyone: for
     * "mark all as read", and for rooms, where Sotto sends no markers.
     */
    public CompletableFuture<Integer> markRead(String peer) {
        String conversation = contact(peer);
        return CompletableFuture.supplyAsync(() -> readState.markAllRead(conversation), worker);
    }

    /**
     * The account's unread messages per conversation and in total, always current; subscribe to follow changes
     * (listeners run on Sotto's event thread; {@code UnreadCountChanged} events say the same per conversation).
     */
    public ObservableValue<UnreadCounts> unreadCounts() {
        return unread.counts();
    }

    /** XEP-0085: composing, paused, active, …; never queued while offline. */
    public CompletableFuture<Void> sendTyping(String peer, TypingState state) {
        return run(OutboundMessage.chatState(contact(peer), ChatKind.CHAT, state)).thenApply(m -> null);
    }

    /**
     * Stored messages of the conversation, oldest first: up to {@code limit} before {@code before} (or the newest).
     * Read from what is committed, without waiting for the account's worker (a running catch-up).
     */
    public CompletableFuture<List<ChatMessage>> history(String peer, Optional<Instant> before, int limit) {
        String contact = contact(peer);
        return CompletableFuture.supplyAsync(() -> reads.history(context.account(), contact, before, limit), readers);
    }

    @Override
    public CompletableFuture<List<ChatMessage>> historyBefore(String peer, String key, int limit) {
        return page(peer, key, limit, 0, (contact, k) -> reads.before(context.account(), contact, k, limit));
    }

    @Override
    public CompletableFuture<List<ChatMessage>> historyAfter(String peer, String key, int limit) {
        return page(peer, key, 0, limit, (contact, k) -> reads.after(context.account(), contact, k, limit));
    }

    @Override
    public CompletableFuture<List<ChatMessage>> historyAround(String peer, String key, int before, int after) {
        return page(peer, key, before, after, (contact, k) -> reads.around(context.account(), contact, k, before, after));
    }

    /** A page next to a message, read like {@link #history}: on the reading connection, never on the worker. */
    private CompletableFuture<List<ChatMessage>> page(String peer, String key, int before, int after,
                                                      BiFunction<String, String, List<ChatMessage>> read) {
        String contact = contact(peer);
        Objects.requireNonNull(key, "key");
        if (before < 0 || after < 0) {
            throw new IllegalArgumentException("a page cannot have a negative size");
        }
        return CompletableFuture.supplyAsync(() -> read.apply(contact, key), readers);
    }

    @Override
    public CompletableFuture<Integer> exportHistory(String peer, Path target, HistoryFormat format) {
        String contact = contact(peer);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(format, "format");
        return CompletableFuture.supplyAsync(() -> new HistoryExport(reads, context.account(), contact)
                .writeTo(target, format, ZoneId.systemDefault()), readers);
    }

    /** The newest message of each conversation, newest first (committed state, not waiting for the worker). */
    public CompletableFuture<List<ChatMessage>> conversations() {
        return CompletableFuture.supplyAsync(() -> reads.conversations(context.account()), readers);
    }

    /**
     * Full-text search over this account's messages, in one chat ({@code peer}) or all: every word must occur, the
     * last also as a prefix; the most recently stored hits first, each with its chat ({@code peer()}) and {@code key()}
     * to open it at. Reads what is committed, without waiting for the worker.
     */
    public CompletableFuture<List<ChatMessage>> search(Optional<String> peer, String text, int limit) {
        Optional<String> chat = peer.map(ChatService::contact);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        return CompletableFuture.supplyAsync(() -> reads.search(context.account(), chat, text, limit), readers);
    }

    /**
     * The chat list, kept up to date from events (not queried again): pinned chats first, then the most recent,
     * each with its title, unread count, encryption state and settings. Empty until its first load.
     */
    @Override
    public ObservableValue<List<ConversationSummary>> conversationList() {
        return conversationList.list();
    }

    @Override
    public CompletableFuture<Void> setMuted(String peer, boolean muted) {
        String chat = contact(peer);
        return CompletableFuture.runAsync(() -> settings.setMuted(context.account(), chat, muted), readers)
                .thenRun(() -> conversationList.settingChanged(chat, c -> c.withMuted(muted)));
    }

    @Override
    public CompletableFuture<Void> setPinned(String peer, boolean pinned) {
        String chat = contact(peer);
        return CompletableFuture.runAsync(() -> settings.setPinned(context.account(), chat, pinned), readers)
                .thenRun(() -> conversationList.settingChanged(chat, c -> c.withPinned(pinned)));
    }

    @Override
    public Subscription follow(String peer, Executor executor, Consumer<? super List<ChatMessage>> changes) {
        String chat = contact(peer);
        String account = context.account();
        return context.events().subscribe(SottoEvent.class, event -> event.account().equals(account)
                        && timelineMessage(event).map(m -> m.peer().equals(chat)).orElse(false),
                executor, batch -> changes.accept(batch.stream().map(e -> timelineMessage(e).orElseThrow()).toList()));
    }

    private static Optional<ChatMessage> timelineMessage(SottoEvent event) {
        if (event instanceof MessageAdded added) {
            return Optional.of(added.message());
        }
        return event instanceof MessageUpdated updated ? Optional.of(updated.message()) : Optional.empty();
    }

    /** The chat's unsent draft, if the user left one. */
    public CompletableFuture<Optional<Draft>> draft(String peer) {
        String chat = contact(peer);
        CompletableFuture<Void> writes;
        synchronized (draftOrder) {
            writes = lastDraftWrite;
        }
        return writes.handle((done, failure) -> null)
                .thenApplyAsync(ignored -> drafts.find(context.account(), chat), readers);
    }

    /**
     * Keeps what the user typed in the chat until it is sent or cleared (an empty text clears it). Drafts are written
     * in the order they were given, and a later {@link #draft} reads after them: a chat closed and opened again at
     * once (a quick switch) reads what its closing saved, not the draft before it.
     */
    public CompletableFuture<Void> saveDraft(String peer, Draft draft) {
        String chat = contact(peer);
        Objects.requireNonNull(draft, "draft");
        synchronized (draftOrder) {
            lastDraftWrite = lastDraftWrite.handle((done, failure) -> null)
                    .thenRunAsync(() -> drafts.save(context.account(), chat, draft), readers);
            return lastDraftWrite;
        }
    }

    /** The conversation list: the newest message of each conversation with its unread count, newest first. */
    public CompletableFuture<List<ConversationSummary>> conversationSummaries() {
        return CompletableFuture.supplyAsync(() -> {
            Map<String, Integer> counts = reads.unreadCounts(context.account());
            return reads.conversations(context.account()).stream()
                    .map(newest -> new ConversationSummary(newest.peer(), newest, counts.getOrDefault(newest.peer(), 0)))
                    .toList();
        }, readers);
    }

    /** The largest archive page {@link #loadOlder} asks for: Prosody's own maximum, all of it held in memory at once. */
    public static final int MAX_SCROLLBACK_PAGE = 250;

    /** Fetches one page of older messages of the conversation from the server's archive. */
    public CompletableFuture<ScrollbackResult> loadOlder(String peer, int count) {
        String contact = contact(peer);
        if (count < 1 || count > MAX_SCROLLBACK_PAGE) {
            throw new IllegalArgumentException("count must be 1 to " + MAX_SCROLLBACK_PAGE + ", got " + count);
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return archive.older(supervisor.authenticated().orElseThrow(
                        () -> new NotConnectedException(context.account(), "fetching older messages")), contact, count);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, worker);
    }

    private CompletableFuture<ChatMessage> run(OutboundMessage message) {
        return CompletableFuture.supplyAsync(() -> runHere(message), worker);
    }

    /** On the worker. */
    private ChatMessage runHere(OutboundMessage message) {
        try {
            if (!outbound.get().run(message)) {
                throw new IllegalStateException("the message was stopped before sending: " + message);
            }
            return message.entry().orElse(null);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    private static String requireBody(String body) {
        Objects.requireNonNull(body, "body");
        if (body.isBlank()) {
            throw new IllegalArgumentException("a message needs some text");
        }
        return body;
    }

    static String contact(String peer) {
        try {
            return JidCreate.entityBareFrom(Objects.requireNonNull(peer, "peer")).toString();
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException("not a valid contact address (user@server): " + peer, e);
        }
    }
}
