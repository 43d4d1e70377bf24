package org.sotto.core.internal.chat.pipeline;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smackx.chat_markers.element.ChatMarkersElements;
import org.jivesoftware.smackx.chatstates.ChatState;
import org.jivesoftware.smackx.chatstates.packet.ChatStateExtension;
import org.jivesoftware.smackx.hints.element.NoStoreHint;
import org.jivesoftware.smackx.hints.element.StoreHint;
import org.jivesoftware.smackx.message_correct.element.MessageCorrectExtension;
import org.jivesoftware.smackx.receipts.DeliveryReceiptRequest;
import org.jivesoftware.smackx.sid.element.OriginIdElement;

import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.internal.xmpp.FallbackElement;
import org.sotto.core.internal.xmpp.ReactionsElement;
import org.sotto.core.internal.xmpp.ReplyElement;
import org.sotto.core.internal.xmpp.RetractElement;

/**
 * Builds the stanza. Its id is a fresh UUID and equal to the XEP-0359 origin-id, so receipts, markers,
 * corrections, replies, reactions and retractions of other clients all point at the same id.
 */
final class BuildStage implements OutboundStage {
    private static final String RETRACT_FALLBACK =
            "This person attempted to retract a previous message, but it's unsupported by your client.";

    @Override
    public boolean process(OutboundMessage m) throws XmppStringprepException {
        m.stanzaId = UUID.randomUUID().toString();
        boolean room = m.chatKind == ChatKind.GROUPCHAT;
        MessageBuilder b = StanzaBuilder.buildMessage(m.stanzaId)
                .to(JidCreate.entityBareFrom(m.peer))
                .ofType(room ? Message.Type.groupchat : Message.Type.chat);
        b.addExtension(new OriginIdElement(m.stanzaId));
        switch (m.kind) {
            case TEXT -> {
                b.setBody(m.body);
                m.target.ifPresent(original -> b.addExtension(new ReplyElement(Optional.of(original.sender()), reference(original))));
                requestFeedback(b, room);
            }
            case CORRECTION -> {
                b.setBody(m.body);
                b.addExtension(new MessageCorrectExtension(reference(m.target.orElseThrow())));
                requestFeedback(b, room);
            }
            case REACTION -> {
                b.addExtension(new ReactionsElement(reference(m.target.orElseThrow()), m.reactions));
                b.addExtension(StoreHint.INSTANCE);
            }
            case RETRACTION -> {
                b.setBody(RETRACT_FALLBACK);
                b.addExtension(new RetractElement(reference(m.target.orElseThrow())));
                b.addExtension(new FallbackElement(RetractElement.NAMESPACE));
                b.addExtension(StoreHint.INSTANCE);
            }
            case DISPLAYED -> {
                b.addExtension(new ChatMarkersElements.DisplayedExtension(reference(m.target.orElseThrow())));
                b.addExtension(StoreHint.INSTANCE);
            }
            case CHAT_STATE -> {
                b.addExtension(new ChatStateExtension(ChatState.valueOf(m.typing.name().toLowerCase(Locale.ROOT))));
                b.addExtension(NoStoreHint.INSTANCE);
            }
        }
        m.builder = b;
        return true;
    }

    private static void requestFeedback(MessageBuilder b, boolean room) {
        b.addExtension(ChatMarkersElements.MarkableExtension.INSTANCE);
        b.addExtension(new ChatStateExtension(ChatState.active));
        if (!room) {
            DeliveryReceiptRequest.addTo(b);
        }
    }

    private static String reference(ChatMessage target) {
        return target.referenceId().orElseThrow(() -> new IllegalArgumentException(
                "the message " + target.key() + " has no id others could refer to"));
    }
}
