package org.sotto.core.internal.chat.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The ordered stages of everything the user sends: build → encrypt → store → send. Storing comes before sending,
 * so a message is in the log and the outbox before it can reach the network, and goes out once reconnected if
 * it cannot now. Runs on the account's worker thread; stage failures propagate to the caller's future.
 */
public final class OutboundPipeline {
    public record NamedStage(String name, OutboundStage stage) {
    }

    private final List<NamedStage> stages;

    public OutboundPipeline(List<NamedStage> stages) {
        this.stages = List.copyOf(stages);
    }

    public List<String> stageNames() {
        return stages.stream().map(NamedStage::name).toList();
    }

    /** Wraps the stage of that name (e.g. group chats around "encrypt"); returns the new pipeline. */
    public OutboundPipeline wrapping(String name, UnaryOperator<OutboundStage> wrap) {
        OutboundStage current = stages.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no outbound stage named " + name + "; stages are " + stageNames()))
                .stage();
        return replacing(name, wrap.apply(current));
    }

    public OutboundPipeline replacing(String name, OutboundStage replacement) {
        List<NamedStage> next = new ArrayList<>();
        for (NamedStage stage : stages) {
            next.add(stage.name().equals(name) ? new NamedStage(name, replacement) : stage);
        }
        if (next.equals(stages)) {
            throw new IllegalArgumentException("no outbound stage named " + name + "; stages are " + stageNames());
        }
        return new OutboundPipeline(next);
    }

    /** A copy with {@code stage} added right before the stage named {@code before}. */
    public OutboundPipeline insertingBefore(String before, String name, OutboundStage stage) {
        List<NamedStage> next = new ArrayList<>();
        for (NamedStage existing : stages) {
            if (existing.name().equals(before)) {
                next.add(new NamedStage(name, stage));
            }
            next.add(existing);
        }
        if (next.size() == stages.size()) {
            throw new IllegalArgumentException("no outbound stage named " + before + "; stages are " + stageNames());
        }
        return new OutboundPipeline(next);
    }

    /** Runs all stages; returns false if a stage stopped the message. */
    public boolean run(OutboundMessage message) throws Exception {
        for (NamedStage stage : stages) {
            if (!stage.stage().process(message)) {
                return false;
            }
        }
        return true;
    }
}
