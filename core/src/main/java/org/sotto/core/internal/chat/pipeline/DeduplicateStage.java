package org.sotto.core.internal.chat.pipeline;

import java.util.List;

import org.jivesoftware.smackx.message_correct.element.MessageCorrectExtension;

import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.event.MessageUpdated;
import org.sotto.core.internal.persistence.UnitOfWork;
import org.sotto.core.internal.xmpp.MessageBodies;

/**
 * Stops messages the log already holds: the same message can arrive live, as a carbon and again from the archive
 * (and again after a stream resumption). Only messages that would become entries are checked; receipts,
 * markers, reactions and retractions are idempotent updates. A duplicate may still teach us the archive id of the
 * stored copy (our own message coming back from the archive or the room), which paging and references need.
 */
final class DeduplicateStage implements InboundStage {
    private final PipelineContext context;

    DeduplicateStage(PipelineContext context) {
        this.context = context;
    }

    @Override
    public boolean process(InboundMessage m) {
        boolean becomesEntry = MessageBodies.present(m.message) && MessageCorrectExtension.from(m.message) == null;
        if (!becomesEntry) {
            return true;
        }
        ChatMessage candidate = m.candidate(context.account());
        if (!context.log().contains(candidate)) {
            return true;
        }
        if (m.archiveId.isPresent()) {
            candidate.originId().or(candidate::messageId)
                    .flatMap(id -> context.log().findByReference(context.account(), m.peer, id))
                    .filter(stored -> stored.archiveId().isEmpty() && stored.direction() == candidate.direction())
                    .ifPresent(stored -> {
                        ChatMessage known = stored.withArchiveId(m.archiveId.get());
                        if (known.direction() == Direction.OUTGOING && known.status() == MessageStatus.PENDING) {
                            known = known.withStatus(MessageStatus.SENT);
                        }
                        context.log().update(known);
                        context.events().publish(new MessageUpdated(context.account(), known));
                    });
            // still a duplicate: the acknowledge stage must not run, but the position may move on
            if (m.source != InboundMessage.Source.SCROLLBACK) {
                String archive = m.kind == ChatKind.GROUPCHAT ? m.peer : context.account();
                String id = m.archiveId.get();
                UnitOfWork.beforeCommitLatest(
                        List.of("archive position", context.account(), archive),
                        () -> context.positions().save(context.account(), archive, id));
            }
        }
        return false;
    }
}
