package org.sotto.core.chat.pipeline;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.receipts.DeliveryReceipt;
import org.jivesoftware.smackx.receipts.DeliveryReceiptRequest;
import org.jivesoftware.smackx.sid.element.OriginIdElement;
import org.sotto.core.chat.ChatKind;
import org.sotto.core.chat.Direction;

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
            // the address and id only: a catch-up holds its receipts until it ends, not its stanzas
            org.jxmpp.jid.Jid sender = message.getFrom();
            String id = message.getStanzaId();
            Runnable send = () -> context.connection().get().ifPresent(connection -> sendReceipt(connection, sender, id));
            // after the commit of the unit of work that stored it (at once outside one); from a catch-up, after it
            org.sotto.core.persistence.UnitOfWork.afterCommit(m.source == InboundMessage.Source.CATCH_UP
                    ? () -> context.catchUpReceipts().owe(send) : send);
        }
        if (m.source != InboundMessage.Source.SCROLLBACK) {
            String archive = m.kind == ChatKind.GROUPCHAT ? m.peer : context.account();
            // once per unit (page), in its transaction: never committed without the messages before it
            m.archiveId.ifPresent(id -> org.sotto.core.persistence.UnitOfWork.beforeCommitLatest(
                    java.util.List.of("archive position", context.account(), archive),
                    () -> context.positions().save(context.account(), archive, id)));
        }
        return true;
    }

    private static void sendReceipt(XMPPTCPConnection connection, org.jxmpp.jid.Jid to, String receivedId) {
        try {
            MessageBuilder receipt = connection.getStanzaFactory().buildMessageStanza()
                    .to(to)
                    .ofType(Message.Type.chat)
                    .addExtension(new DeliveryReceipt(receivedId));
            OriginIdElement.addTo(receipt);
            // no-store hint: receipts need no archive entry of their own
            receipt.addExtension(org.jivesoftware.smackx.hints.element.NoStoreHint.INSTANCE);
            connection.sendStanza(receipt.build());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.log(Level.FINE, "could not send a delivery receipt", e);
        }
    }
}
