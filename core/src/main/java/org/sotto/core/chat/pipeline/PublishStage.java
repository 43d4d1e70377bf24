package org.sotto.core.chat.pipeline;

/** Last: tells listeners, on the event thread, what the message changed. */
final class PublishStage implements InboundStage {
    private final PipelineContext context;

    PublishStage(PipelineContext context) {
        this.context = context;
    }

    @Override
    public boolean process(InboundMessage m) {
        m.events.forEach(context.events()::publish);
        return true;
    }
}
