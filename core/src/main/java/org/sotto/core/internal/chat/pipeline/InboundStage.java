package org.sotto.core.internal.chat.pipeline;

/** One step of the inbound pipeline; returns false to stop the message here (spoofed, duplicate, nothing to do). */
@FunctionalInterface
public interface InboundStage {
    boolean process(InboundMessage message) throws Exception;
}
