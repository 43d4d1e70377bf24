package org.sotto.core.internal.chat.pipeline;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.hints.element.NoPermanentStoreHint;
import org.jivesoftware.smackx.receipts.DeliveryReceipt;
import org.jivesoftware.smackx.receipts.DeliveryReceiptRequest;
import org.jivesoftware.smackx.sid.element.OriginIdElement;

import org.jxmpp.jid.Jid;

import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.internal.persistence.UnitOfWork;

/**
 * Runs only after the message is stored: answers XEP-0184 receipt requests (so the sender learns of delivery only
 * once nothing can be lost) and moves the archive position forward, so MAM catch-up after a crash starts after
 * the last message that is really in the log.
 */
final class AcknowledgeStage implements InboundStage {
    private static final Logger LOG = Logger.getLogger(AcknowledgeStage.class.getName());
    private final PipelineContext context;

    AcknowledgeStage(PipelineContext context) {
        this.context = context;
    }

    @Override
    public boolean process(InboundMessage m) {
        Message message = m.message;
        boolean newIncoming = m.stored != null && m.direction == Direction.INCOMING && m.kind == ChatKind.CHAT;
        boolean receiptWanted = newIncoming && DeliveryReceiptRequest.from(message) != null
                && message.getStanzaId() != null && m.source != InboundMessage.Source.SCROLLBACK
                && m.source != InboundMessage.Source.CARBON; // the client that got it directly answers
        if (receiptWanted) {
            boolean fromCatchUp = m.source == InboundMessage.Source.CATCH_UP;
            Receipt receipt = new Receipt(message.getFrom(), message.getStanzaId(), fromCatchUp);
            // after the commit of the unit of work that stored it (at once outside one); from a catch-up, after it
            UnitOfWork.afterCommit(fromCatchUp ? () -> context.catchUpReceipts().owe(receipt) : receipt);
        }
        if (m.source != InboundMessage.Source.SCROLLBACK) {
            String archive = m.kind == ChatKind.GROUPCHAT ? m.peer : context.account();
            // once per unit (page), in its transaction: never committed without the messages before it
            m.archiveId.ifPresent(id -> UnitOfWork.beforeCommitLatest(
                    List.of("archive position", context.account(), archive),
                    () -> context.positions().save(context.account(), archive, id)));
        }
        return true;
    }

    /**
     * A receipt to send: the sender's address and the message id only (a catch-up holds its receipts until it ends,
     * not its stanzas). One a catch-up owes that finds no connection is owed again, to the end of the next catch-up
     * (after the reconnect), so a connection lost right after a catch-up does not lose them; a live one is dropped.
     */
    final class Receipt implements Runnable {
        private final Jid to;
        private final String receivedId;
        private final boolean owedByCatchUp;

        Receipt(Jid to, String receivedId, boolean owedByCatchUp) {
            this.to = to;
            this.receivedId = receivedId;
            this.owedByCatchUp = owedByCatchUp;
        }

        @Override
        public void run() {
            boolean done = context.connection().get().map(this::send).orElse(false);
            if (!done && owedByCatchUp) {
                context.catchUpReceipts().owe(this);
            }
        }

        /** Whether it is done with: sent, or failed for good; false: not connected, try again later. */
        private boolean send(XMPPTCPConnection connection) {
            try {
                MessageBuilder receipt = connection.getStanzaFactory().buildMessageStanza()
                        .to(to)
                        .ofType(Message.Type.chat)
                        .addExtension(new DeliveryReceipt(receivedId));
                OriginIdElement.addTo(receipt);
                // not archived (a receipt needs no archive entry of its own), but kept for an offline sender: no-store
                // would forbid that too (XEP-0334), and the sender would never learn of the delivery
                receipt.addExtension(NoPermanentStoreHint.INSTANCE);
                connection.sendStanza(receipt.build());
                return true;
            } catch (SmackException.NotConnectedException e) {
                return false; // try again after the next catch-up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                LOG.log(Level.FINE, "could not send a delivery receipt", e);
                return true; // given up: it would fail again
            }
        }
    }
}
