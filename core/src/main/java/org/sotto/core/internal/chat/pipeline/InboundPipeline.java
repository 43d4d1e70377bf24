package org.sotto.core.internal.chat.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.sotto.core.internal.persistence.Persistence;

/**
 * The ordered stages every received message runs through, in the spirit of Dino's message processor:
 * origin check → de-duplicate → decrypt → store → acknowledge → publish. Stages are visible by name, and the OMEMO
 * work replaces the decrypt stage instead of reaching into the others. Runs on the account's worker thread.
 */
public final class InboundPipeline {
    private static final Logger LOG = Logger.getLogger(InboundPipeline.class.getName());

    public record NamedStage(String name, InboundStage stage) {
    }

    private final List<NamedStage> stages;

    public InboundPipeline(List<NamedStage> stages) {
        this.stages = List.copyOf(stages);
    }

    public List<String> stageNames() {
        List<String> names = new ArrayList<>();
        stages.forEach(s -> names.add(s.name()));
        return Collections.unmodifiableList(names);
    }

    /** Replaces the stage of that name (e.g. "decrypt" by the OMEMO stage); returns the new pipeline. */
    public InboundPipeline replacing(String name, InboundStage replacement) {
        List<NamedStage> next = new ArrayList<>();
        boolean found = false;
        for (NamedStage stage : stages) {
            if (stage.name().equals(name)) {
                next.add(new NamedStage(name, replacement));
                found = true;
            } else {
                next.add(stage);
            }
        }
        if (!found) {
            throw new IllegalArgumentException("no inbound stage named " + name + "; stages are " + stageNames());
        }
        return new InboundPipeline(next);
    }

    /** Wraps the stage of that name (e.g. to observe or veto around "store"); returns the new pipeline. */
    public InboundPipeline wrapping(String name, UnaryOperator<InboundStage> wrap) {
        InboundStage current = stages.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no inbound stage named " + name + "; stages are " + stageNames()))
                .stage();
        return replacing(name, wrap.apply(current));
    }

    /**
     * Runs the message through all stages; returns whether it went through to the end. A stage that throws stops
     * the message ({@link InboundMessage#failedStage()} tells which); callers running it in a unit of work roll
     * back when the store stage failed ({@link InboundMessage#storeFailed()}).
     */
    public boolean run(InboundMessage message) {
        for (NamedStage stage : stages) {
            try {
                if (!stage.stage().process(message)) {
                    LOG.log(Level.FINE, () -> message + " stopped at " + stage.name());
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                message.failedIn(stage.name());
                return false;
            } catch (Exception e) {
                LOG.log(Level.WARNING, message + " failed in stage " + stage.name(), e);
                message.failedIn(stage.name(), Persistence.isStorageFailure(e));
                return false;
            }
        }
        return true;
    }
}
