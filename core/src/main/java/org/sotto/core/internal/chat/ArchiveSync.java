package org.sotto.core.internal.chat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.logging.Logger;

import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.mam.MamManager.MamQuery;
import org.jivesoftware.smackx.mam.MamManager.MamQueryArgs;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.element.MamElements.MamResultExtension;

import org.jxmpp.jid.impl.JidCreate;

import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.ScrollbackResult;
import org.sotto.core.api.event.CatchUpProgress;
import org.sotto.core.internal.SottoOptions;
import org.sotto.core.internal.chat.pipeline.InboundMessage;
import org.sotto.core.internal.chat.pipeline.InboundPipeline;
import org.sotto.core.internal.chat.pipeline.PipelineContext;
import org.sotto.core.internal.persistence.Persistence;
import org.sotto.core.internal.persistence.UnitOfWork;

/**
 * XEP-0313 with the account's own archive: catch-up forwards from the last stored archive id, page by page, and
 * scrollback backwards from the oldest stored message of a conversation. Every result goes through the inbound
 * pipeline, so carbons, live messages and archive results de-duplicate against each other and results from
 * anyone but the account's own archive are dropped. Worker thread.
 */
public final class ArchiveSync {
    private static final Logger LOG = Logger.getLogger(ArchiveSync.class.getName());
    /** Runs the query for the next catch-up page while the worker stores the current one. */
    private static final ExecutorService PREFETCH = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "sotto-mam-prefetch");
        thread.setDaemon(true);
        return thread;
    });
    /** Position meaning "the archive was empty when we looked": catch up from its beginning. */
    static final String FROM_START = "";
    private final PipelineContext context;
    private final Supplier<InboundPipeline> pipeline;
    private final SottoOptions options;
    /** Where a page's writes commit together (null: each write on its own). */
    private final Persistence persistence;

    public ArchiveSync(PipelineContext context, Supplier<InboundPipeline> pipeline, SottoOptions options) {
        this(context, pipeline, options, null);
    }

    public ArchiveSync(PipelineContext context, Supplier<InboundPipeline> pipeline, SottoOptions options,
                       Persistence persistence) {
        this.context = context;
        this.pipeline = pipeline;
        this.options = options;
        this.persistence = persistence;
    }

    /**
     * Fetches everything after the last known archive id (or the most recent page on a first login). The delivery
     * receipts it owes go out after it (see {@link org.sotto.core.internal.chat.pipeline.CatchUpReceipts}).
     */
    public int catchUp(XMPPTCPConnection connection) throws Exception {
        try {
            return fetchAndStore(connection);
        } finally {
            context.catchUpReceipts().release();
        }
    }

    private int fetchAndStore(XMPPTCPConnection connection) throws Exception {
        String own = context.account();
        MamManager mam = MamManager.getInstanceFor(connection);
        Optional<String> position = context.positions().lastArchiveId(own, own);
        if (position.isEmpty() && options.initialHistorySize() == 0) {
            return 0;
        }
        int fetched = 0;
        MamQueryArgs args = position.isEmpty() ? lastPage()
                : position.get().equals(FROM_START) ? fromStart() : after(position.get());
        CompletableFuture<MamQuery> prefetched = null;
        while (true) {
            MamQuery query;
            try {
                query = prefetched != null ? await(prefetched) : mam.queryArchive(args);
            } catch (XMPPException.XMPPErrorException e) {
                if (position.isPresent() && e.getStanzaError().getCondition() == StanzaError.Condition.item_not_found) {
                    LOG.info(() -> own + ": the archive forgot our last position; fetching the most recent page");
                    position = Optional.empty();
                    args = lastPage();
                    prefetched = null;
                    continue;
                }
                throw e;
            }
            prefetched = null;
            List<Message> carriers = query.getPage().getMamResultCarrierMessages();
            boolean done = position.isEmpty() || query.isComplete() || carriers.isEmpty();
            if (!done) {
                // the server prepares the next page while this one is decrypted and stored
                MamQueryArgs next = after(MamResultExtension.from(carriers.get(carriers.size() - 1)).getId());
                prefetched = CompletableFuture.supplyAsync(() -> {
                    try {
                        return mam.queryArchive(next);
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                }, PREFETCH);
            }
            try {
                storePage(carriers, position.isEmpty());
            } catch (RuntimeException e) {
                if (prefetched != null) {
                    prefetched.cancel(false); // its results are simply not used
                }
                throw e;
            }
            fetched += carriers.size();
            context.events().publish(new CatchUpProgress(own, own, fetched, done));
            if (done) {
                return fetched;
            }
        }
    }

    /** The prefetched page, or the exception its query ended with. */
    private static MamQuery await(CompletableFuture<MamQuery> page) throws Exception {
        try {
            return page.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof CompletionException c && c.getCause() instanceof Exception inner ? inner
                    : e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /**
     * Stores one fetched page in one unit of work: its messages, the ratchet state their decryption consumed (the
     * profile's OMEMO store joins the transaction) and the archive position commit together with one fsync, and
     * receipts and events follow the commit. A message that cannot be stored rolls the whole page back and ends
     * the catch-up: the position never passes an unstored message. No network I/O inside (see UnitOfWork).
     */
    private void storePage(List<Message> carriers, boolean firstLogin) {
        String own = context.account();
        Supplier<Void> page = () -> {
            List<Instant> stamps = ArchiveOrder.forwards(carriers, newestStored());
            for (int i = 0; i < carriers.size(); i++) {
                InboundMessage message = InboundMessage.archived(carriers.get(i), own, false)
                        .withOrderedTimestamp(stamps.get(i));
                pipeline.get().run(firstLogin ? message.asReadHistory() : message); // first look: old history
                if (message.storeFailed()) {
                    throw new InboundIntake.InboundStoreException(message + " could not be stored; the catch-up stops"
                            + " before it and starts there again next time");
                }
            }
            if (!carriers.isEmpty()) {
                // past every item of the page, also those that stored nothing (a key transport, a bodyless
                // message): otherwise the next catch-up fetches them again
                String last = MamResultExtension.from(carriers.get(carriers.size() - 1)).getId();
                UnitOfWork.beforeCommitLatest(List.of("archive position", own, own),
                        () -> context.positions().save(own, own, last));
            }
            if (firstLogin && carriers.isEmpty()) {
                // an empty archive: next time everything in it is new, so start from its beginning
                context.positions().save(own, own, FROM_START);
            }
            return null;
        };
        if (persistence == null) {
            page.get();
        } else {
            UnitOfWork.run(persistence, page);
        }
    }

    /** One page of older messages of the conversation with {@code peer}. */
    public ScrollbackResult older(XMPPTCPConnection connection, String peer, int count) throws Exception {
        String own = context.account();
        MamQueryArgs.Builder builder = MamQueryArgs.builder()
                .limitResultsToJid(JidCreate.entityBareFrom(peer))
                .setResultPageSizeTo(count);
        Optional<String> oldest = context.log().oldestArchiveId(own, peer);
        if (oldest.isPresent()) {
            builder.beforeUid(oldest.get());
        } else {
            builder.queryLastPage();
        }
        MamQuery query = MamManager.getInstanceFor(connection).queryArchive(builder.build());
        List<ChatMessage> added = new ArrayList<>();
        List<Message> carriers = query.getPage().getMamResultCarrierMessages();
        Instant ceiling = oldest.flatMap(id -> context.log().findByReference(own, peer, id)).map(ChatMessage::timestamp)
                .orElse(Instant.MAX);
        List<Instant> stamps = ArchiveOrder.backwards(carriers, ceiling);
        for (int i = 0; i < carriers.size(); i++) {
            InboundMessage message = InboundMessage.archived(carriers.get(i), own, true).withOrderedTimestamp(stamps.get(i));
            if (pipeline.get().run(message) && message.added()) {
                message.stored().ifPresent(added::add);
            }
        }
        return new ScrollbackResult(added, query.isComplete());
    }

    /** Catch-up results come after everything stored (they are newer than the last position). */
    private Instant newestStored() {
        List<ChatMessage> newest = context.log().conversations(context.account());
        return newest.isEmpty() ? Instant.EPOCH : newest.get(0).timestamp();
    }

    private MamQueryArgs fromStart() {
        return MamQueryArgs.builder().setResultPageSizeTo(options.catchUpPageSize()).build();
    }

    private MamQueryArgs after(String id) {
        return MamQueryArgs.builder().afterUid(id).setResultPageSizeTo(options.catchUpPageSize()).build();
    }

    private MamQueryArgs lastPage() {
        return MamQueryArgs.builder().queryLastPage().setResultPageSizeTo(options.initialHistorySize()).build();
    }
}
