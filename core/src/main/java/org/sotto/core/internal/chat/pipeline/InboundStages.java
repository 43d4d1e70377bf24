package org.sotto.core.internal.chat.pipeline;

import java.util.List;

import org.sotto.core.internal.chat.pipeline.InboundPipeline.NamedStage;

/** The standard inbound pipeline of an account. */
public final class InboundStages {
    private InboundStages() {
    }

    public static InboundPipeline standard(PipelineContext context) {
        return new InboundPipeline(List.of(
                new NamedStage("origin", new OriginCheckStage(context)),
                new NamedStage("deduplicate", new DeduplicateStage(context)),
                new NamedStage("decrypt", new DecryptStage()),
                new NamedStage("store", new StoreStage(context)),
                new NamedStage("acknowledge", new AcknowledgeStage(context)),
                new NamedStage("publish", new PublishStage(context))));
    }
}
