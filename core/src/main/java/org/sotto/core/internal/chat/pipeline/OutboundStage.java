package org.sotto.core.internal.chat.pipeline;

/** One step of the outbound pipeline; returns false to stop (e.g. encryption impossible). */
@FunctionalInterface
public interface OutboundStage {
    boolean process(OutboundMessage message) throws Exception;
}
