package org.sotto.core.internal.chat.pipeline;

import java.util.List;

import org.sotto.core.internal.chat.pipeline.OutboundPipeline.NamedStage;

/** The standard outbound pipeline of an account. */
public final class OutboundStages {
    private OutboundStages() {
    }

    public static OutboundPipeline standard(PipelineContext context, Runnable flushOutbox) {
        return new OutboundPipeline(List.of(
                new NamedStage("build", new BuildStage()),
                new NamedStage("encrypt", new EncryptStage()),
                new NamedStage("store", new OutboundStoreStage(context)),
                new NamedStage("send", new SendStage(context, flushOutbox))));
    }
}
