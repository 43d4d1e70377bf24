package org.sotto.core.chat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.MamManager.MamQuery;
import org.jivesoftware.smackx.mam.MamManager.MamQueryArgs;
import org.jivesoftware.smackx.mam.element.MamElements.MamResultExtension;
import org.jxmpp.jid.impl.JidCreate;
import org.sotto.core.SottoOptions;
import org.sotto.core.chat.pipeline.InboundMessage;
import org.sotto.core.chat.pipeline.InboundPipeline;
import org.sotto.core.chat.pipeline.PipelineContext;
import org.sotto.core.event.CatchUpProgress;

/**
 * XEP-0313 with the account's own archive: catch-up forwards from the last stored archive id, page by page, and
 * scrollback backwards from the oldest stored message of a conversation. Every result goes through the inbound
 * pipeline, so carbons, live messages and archive results de-duplicate against each other and results from
 * anyone but the account's own archive are dropped. Worker thread.
 */
public final class ArchiveSync {
    private static final Logger LOG = Logger.getLogger(ArchiveSync.class.getName());
    /** Position meaning "the archive was empty when we looked": catch up from its beginning. */
    static final String FROM_START = "";
    private final PipelineContext context;
    private final Supplier<InboundPipeline> pipeline;
    private final SottoOptions options;

    public ArchiveSync(PipelineContext context, Supplier<InboundPipeline> pipeline, SottoOptions options) {
        this.context = context;
        this.pipeline = pipeline;
        this.options = options;
    }

    /** Fetches everything after the last known archive id (or the most recent page on a first login). */
    public int catchUp(XMPPTCPConnection connection) throws Exception {
        String own = context.account();
        MamManager mam = MamManager.getInstanceFor(connection);
        Optional<String> position = context.positions().lastArchiveId(own, own);
        if (position.isEmpty() && options.initialHistorySize() == 0) {
            return 0;
        }
        int fetched = 0;
        MamQueryArgs args = position.isEmpty() ? lastPage()
                : position.get().equals(FROM_START) ? fromStart() : after(position.get());
        while (true) {
            MamQuery query;
            try {
                query = mam.queryArchive(args);
            } catch (XMPPException.XMPPErrorException e) {
                if (position.isPresent() && e.getStanzaError().getCondition() == StanzaError.Condition.item_not_found) {
                    LOG.info(() -> own + ": the archive forgot our last position; fetching the most recent page");
                    position = Optional.empty();
                    args = lastPage();
                    continue;
                }
                throw e;
            }
            List<Message> carriers = query.getPage().getMamResultCarrierMessages();
            List<Instant> stamps = ArchiveOrder.forwards(carriers, newestStored());
            for (int i = 0; i < carriers.size(); i++) {
                InboundMessage result = InboundMessage.archived(carriers.get(i), own, false).withOrderedTimestamp(stamps.get(i));
                pipeline.get().run(position.isEmpty() ? result.asReadHistory() : result); // first look: old history
            }
            fetched += carriers.size();
            if (position.isEmpty() && carriers.isEmpty()) {
                // an empty archive: next time everything in it is new, so start from its beginning
                context.positions().save(own, own, FROM_START);
            }
            boolean done = position.isEmpty() || query.isComplete() || carriers.isEmpty();
            context.events().publish(new CatchUpProgress(own, own, fetched, done));
            if (done) {
                return fetched;
            }
            MamResultExtension lastResult = MamResultExtension.from(carriers.get(carriers.size() - 1));
            args = after(lastResult.getId());
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
