package org.sotto.core.internal.chat.pipeline;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Publishes what was stored and hands the outbox to the sender, which sends it now if online or after the next
 * login otherwise. Chat states go out directly or not at all.
 */
final class SendStage implements OutboundStage {
    private static final Logger LOG = Logger.getLogger(SendStage.class.getName());
    private final PipelineContext context;
    private final Runnable flushOutbox;

    SendStage(PipelineContext context, Runnable flushOutbox) {
        this.context = context;
        this.flushOutbox = flushOutbox;
    }

    @Override
    public boolean process(OutboundMessage m) {
        m.events.forEach(context.events()::publish);
        if (m.kind == OutboundMessage.Kind.CHAT_STATE) {
            context.connection().get().ifPresent(connection -> {
                try {
                    connection.sendStanza(m.stanza);
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    LOG.log(Level.FINE, "chat state not sent", e);
                }
            });
            return true;
        }
        flushOutbox.run();
        return true;
    }
}
