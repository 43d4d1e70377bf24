package org.sotto.core.internal.chat.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smackx.carbons.packet.CarbonExtension;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.forward.packet.Forwarded;
import org.jivesoftware.smackx.mam.element.MamElements.MamResultExtension;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;

import org.jxmpp.jid.Jid;

import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.Direction;

/**
 * Unwraps carbons and archive results and accepts them only from where they may come: carbons only from the
 * account's own bare JID (XEP-0280 §11, the CVE-2017-5589 class of spoofing), archive results only from the archive
 * that was queried (the own bare JID, or the room), and stanza-ids only when set by that archive (XEP-0359 §5).
 * Also decides direction, conversation and sender.
 */
final class OriginCheckStage implements InboundStage {
    private static final Logger LOG = Logger.getLogger(OriginCheckStage.class.getName());
    private final PipelineContext context;

    OriginCheckStage(PipelineContext context) {
        this.context = context;
    }

    @Override
    public boolean process(InboundMessage m) {
        String own = context.account();
        Message carrier = m.carrier;
        MamResultExtension result = MamResultExtension.from(carrier);
        CarbonExtension carbon = CarbonExtension.from(carrier);
        if (m.fromArchive()) {
            String archive = m.queriedArchive.orElseThrow();
            if (result == null || (carrier.getFrom() != null && !isExactly(carrier.getFrom(), archive))) {
                LOG.warning(() -> own + ": dropped an archive result from " + carrier.getFrom() + ", expected " + archive);
                return false;
            }
            Forwarded<Message> forwarded = result.getForwarded();
            m.message = forwarded.getForwardedStanza();
            m.archiveId = Optional.ofNullable(result.getId());
            m.stanzaTimestamp = stamp(forwarded.getDelayInformation(), m.message, m.receivedAt());
            m.timestamp = m.orderedTimestamp.orElse(m.stanzaTimestamp);
        } else if (result != null) {
            // archive results only count as answers to our own queries, which the archive sync collects itself; those
            // pass here too (every result of every page), so this drop is not logged
            return false;
        } else if (carbon != null) {
            if (carrier.getFrom() == null || !isExactly(carrier.getFrom(), own)) {
                LOG.warning(() -> own + ": dropped a carbon copy forged by " + carrier.getFrom());
                return false;
            }
            Forwarded<Message> forwarded = carbon.getForwarded();
            m.message = forwarded.getForwardedStanza();
            m.timestamp = stamp(forwarded.getDelayInformation(), m.message, m.receivedAt());
            m.source = InboundMessage.Source.CARBON;
        } else {
            m.message = carrier;
            m.timestamp = stamp(null, carrier, m.receivedAt());
        }
        return classify(m, own);
    }

    private boolean classify(InboundMessage m, String own) {
        Message inner = m.message;
        Jid from = inner.getFrom();
        Jid to = inner.getTo();
        if (inner.getType() == Message.Type.groupchat) {
            String room = from == null ? null : from.asBareJid().toString();
            Optional<String> nick = room == null ? Optional.empty() : context.rooms().ownNickname(room);
            if (nick.isEmpty() || from.getResourceOrNull() == null) {
                return false; // not a room we are in, or the room itself speaking (subjects are handled elsewhere)
            }
            m.kind = ChatKind.GROUPCHAT;
            m.peer = room;
            m.sender = from.toString();
            m.direction = nick.get().equals(from.getResourceOrEmpty().toString()) ? Direction.OUTGOING : Direction.INCOMING;
            if (m.archiveId.isEmpty()) {
                m.archiveId = stanzaIdBy(inner, room);
            }
            return true;
        }
        if (from == null) {
            return false; // from the server itself; nothing for a conversation
        }
        if (from.asBareJid().toString().equals(own)) {
            if (to == null) {
                return false;
            }
            m.direction = Direction.OUTGOING;
            m.peer = to.asBareJid().toString();
            m.sender = own;
        } else {
            m.direction = Direction.INCOMING;
            m.peer = from.asBareJid().toString();
            m.sender = m.peer;
        }
        if (m.archiveId.isEmpty()) {
            m.archiveId = stanzaIdBy(inner, own);
        }
        return true;
    }

    private static boolean isExactly(Jid jid, String bare) {
        return !jid.hasResource() && jid.asBareJid().toString().equals(bare);
    }

    /** The stanza-id set by {@code archive}; others could be forged by the sender. */
    private static Optional<String> stanzaIdBy(Message message, String archive) {
        List<ExtensionElement> ids = message.getExtensions(StanzaIdElement.ELEMENT, StanzaIdElement.NAMESPACE);
        for (ExtensionElement element : ids) {
            if (element instanceof StanzaIdElement id && archive.equals(id.getBy())) {
                return Optional.of(id.getId());
            }
        }
        return Optional.empty();
    }

    /** The sender's or server's stamp if there is one, else when the stanza arrived. */
    private static Instant stamp(DelayInformation forwardedDelay, Message message, Instant arrived) {
        if (forwardedDelay != null) {
            return forwardedDelay.getStamp().toInstant();
        }
        DelayInformation delay = DelayInformation.from(message);
        return delay != null ? delay.getStamp().toInstant() : arrived;
    }
}
