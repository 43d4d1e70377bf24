package org.sotto.core.internal.chat;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.util.PacketParserUtils;

import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.event.MessageUpdated;
import org.sotto.core.internal.chat.pipeline.PipelineContext;
import org.sotto.core.internal.persistence.OutboxEntry;
import org.sotto.core.internal.xmpp.XmlText;

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
    private volatile OutboxPreparer preparer = OutboxPreparer.AS_QUEUED;

    public OutboxSender(PipelineContext context, Executor worker) {
        this.context = context;
        this.worker = worker;
    }

    /** What gets each queued stanza ready just before it is sent (OMEMO: encrypts what was queued offline). */
    public void setPreparer(OutboxPreparer preparer) {
        this.preparer = preparer;
    }

    /** A new Smack connection object: nothing is in flight on it yet. Worker thread. */
    public void connectionCreated(XMPPTCPConnection connection) {
        inFlight.clear();
        connection.addStanzaAcknowledgedListener(stanza -> {
            if (stanza instanceof Message && stanza.getStanzaId() != null) {
                String id = stanza.getStanzaId();
                try {
                    worker.execute(() -> acknowledged(id));
                } catch (RejectedExecutionException closed) {
                    // the server's ack came after the account closed: the entry stays queued and goes out again at
                    // the next start (the receiver drops the second copy by its origin id)
                }
            }
        });
    }

    /** Sends what is queued, oldest first, if online. Worker thread. */
    public void flush() {
        context.connection().get().ifPresent(connection -> {
            Set<String> waiting = new HashSet<>(); // conversations whose older entry waits: keep their order
            for (OutboxEntry entry : context.outbox().pending(context.account())) {
                if (inFlight.contains(entry.stanzaId())) {
                    continue;
                }
                if (waiting.contains(entry.peer())) {
                    continue;
                }
                try {
                    Message stanza = PacketParserUtils.parseStanza(entry.stanzaXml());
                    Optional<OutboxPreparer.Prepared> prepared;
                    try {
                        prepared = preparer.prepare(entry, stanza);
                    } catch (OutboxPreparer.Undeliverable e) {
                        undeliverable(entry, e);
                        continue;
                    }
                    if (prepared.isEmpty()) {
                        waiting.add(entry.peer());
                        continue;
                    }
                    if (prepared.get().stanza() != stanza) {
                        stanza = prepared.get().stanza();
                        // the ready stanza replaces the queued one first, so a crash cannot send the old form
                        context.outbox().enqueue(new OutboxEntry(entry.account(), entry.peer(), entry.messageKey(),
                                entry.stanzaId(), XmlText.of(stanza)));
                    }
                    prepared.get().encryption().ifPresent(state -> updateEncryption(entry, state));
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

    private void undeliverable(OutboxEntry entry, OutboxPreparer.Undeliverable e) {
        LOG.log(Level.INFO, "an outbox entry cannot be sent: " + e.getMessage());
        context.outbox().remove(context.account(), entry.stanzaId());
        context.log().findByReference(context.account(), entry.peer(), entry.stanzaId())
                .filter(m -> m.direction() == Direction.OUTGOING && m.status() == MessageStatus.PENDING)
                .ifPresent(m -> {
                    ChatMessage failed = m.asFailed(e.failure());
                    context.log().update(failed);
                    context.events().publish(new MessageUpdated(context.account(), failed));
                });
        if (e.event() != null) {
            context.events().publish(e.event());
        }
    }

    private void updateEncryption(OutboxEntry entry, Encryption state) {
        context.log().findByReference(context.account(), entry.peer(), entry.stanzaId())
                .filter(m -> m.direction() == Direction.OUTGOING && m.encryption() != state)
                .ifPresent(m -> {
                    ChatMessage updated = m.withEncryption(state);
                    context.log().update(updated);
                    context.events().publish(new MessageUpdated(context.account(), updated));
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
