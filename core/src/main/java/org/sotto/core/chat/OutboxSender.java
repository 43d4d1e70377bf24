package org.sotto.core.chat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.sotto.core.chat.pipeline.PipelineContext;
import org.sotto.core.event.MessageUpdated;
import org.sotto.core.persistence.OutboxEntry;

/**
 * Sends the outbox in order whenever the account is online, and removes an entry only once the server
 * acknowledged it through stream management (XEP-0198). Stanzas handed to the current Smack connection are not
 * sent twice: Smack itself re-sends what was unacknowledged after a reconnect. After a restart every remaining
 * entry goes out again; receivers drop the rare duplicate by its origin-id.
 */
public final class OutboxSender {
    private static final Logger LOG = Logger.getLogger(OutboxSender.class.getName());
    private final PipelineContext context;
    private final Executor worker;
    /** Stanza ids given to the current connection object and not yet acknowledged. Worker thread only. */
    private final Set<String> inFlight = new HashSet<>();

    public OutboxSender(PipelineContext context, Executor worker) {
        this.context = context;
        this.worker = worker;
    }

    /** A new Smack connection object: nothing is in flight on it yet. Worker thread. */
    public void connectionCreated(XMPPTCPConnection connection) {
        inFlight.clear();
        connection.addStanzaAcknowledgedListener(stanza -> {
            if (stanza instanceof Message && stanza.getStanzaId() != null) {
                String id = stanza.getStanzaId();
                worker.execute(() -> acknowledged(id));
            }
        });
    }

    /** Sends what is queued, oldest first, if online. Worker thread. */
    public void flush() {
        context.connection().get().ifPresent(connection -> {
            for (OutboxEntry entry : context.outbox().pending(context.account())) {
                if (inFlight.contains(entry.stanzaId())) {
                    continue;
                }
                try {
                    Message stanza = PacketParserUtils.parseStanza(entry.stanzaXml());
                    connection.sendStanza(stanza);
                    inFlight.add(entry.stanzaId());
                    if (!connection.isSmEnabled()) {
                        acknowledged(entry.stanzaId()); // without stream management "handed over" is all we learn
                    }
                } catch (SmackException.NotConnectedException e) {
                    return; // stays queued for the next login
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    LOG.log(Level.WARNING, "dropping an outbox entry that cannot be sent: " + entry, e);
                    context.outbox().remove(context.account(), entry.stanzaId());
                }
            }
        });
    }

    private void acknowledged(String stanzaId) {
        inFlight.remove(stanzaId);
        OutboxEntry entry = context.outbox().pending(context.account()).stream()
                .filter(e -> e.stanzaId().equals(stanzaId)).findFirst().orElse(null);
        if (entry == null) {
            return;
        }
        context.outbox().remove(context.account(), stanzaId);
        context.log().findByReference(context.account(), entry.peer(), stanzaId)
                .filter(m -> m.direction() == Direction.OUTGOING && m.status() == MessageStatus.PENDING)
                .ifPresent(m -> {
                    ChatMessage sent = m.withStatus(MessageStatus.SENT);
                    context.log().update(sent);
                    context.events().publish(new MessageUpdated(context.account(), sent));
                });
    }
}
