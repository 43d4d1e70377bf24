package org.sotto.core.internal.chat.pipeline;

import java.util.List;

import org.sotto.core.api.event.SottoEvent;
import org.sotto.core.internal.persistence.UnitOfWork;

/** Last: tells listeners, on the event thread, what the message changed. */
final class PublishStage implements InboundStage {
    private final PipelineContext context;

    PublishStage(PipelineContext context) {
        this.context = context;
    }

    @Override
    public boolean process(InboundMessage m) {
        // listeners hear of it once it is committed (at once outside a unit of work)
        List<SottoEvent> events = List.copyOf(m.events);
        UnitOfWork.afterCommit(() -> events.forEach(context.events()::publish));
        return true;
    }
}
