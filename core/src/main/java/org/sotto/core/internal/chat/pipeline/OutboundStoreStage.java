package org.sotto.core.internal.chat.pipeline;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.event.MessageUpdated;
import org.sotto.core.api.room.RoomException;
import org.sotto.core.internal.files.SharedFile;
import org.sotto.core.internal.persistence.OutboxEntry;
import org.sotto.core.internal.xmpp.XmlText;

/**
 * Stores what the user did and queues the stanza in the outbox, before anything touches the network. Chat states
 * are ephemeral and never queued. Only the user's own messages may be corrected or retracted.
 */
final class OutboundStoreStage implements OutboundStage {
    private final PipelineContext context;

    OutboundStoreStage(PipelineContext context) {
        this.context = context;
    }

    @Override
    public boolean process(OutboundMessage m) throws RoomException {
        m.stanza = m.builder.build();
        if (m.kind == OutboundMessage.Kind.CHAT_STATE) {
            return true;
        }
        String sender = m.kind == OutboundMessage.Kind.TEXT ? ownSender(m) : null;
        String reactor = m.kind == OutboundMessage.Kind.REACTION ? reactor(m) : null;
        // the message and its outbox entry commit together: a crash between two commits left a message that showed
        // as pending for ever and was never sent
        context.transactions().atomically(() -> store(m, sender, reactor));
        return true;
    }

    private void store(OutboundMessage m, String sender, String reactor) {
        String key;
        switch (m.kind) {
            case TEXT -> {
                m.entry = new ChatMessage(UUID.randomUUID().toString(), context.account(), m.peer, m.chatKind,
                        Direction.OUTGOING, sender, m.file == null ? m.body : "", Instant.now(),
                        Optional.of(m.stanzaId), Optional.of(m.stanzaId), Optional.empty(), MessageStatus.PENDING,
                        m.encryption, m.target.flatMap(ChatMessage::referenceId), false, false, Map.of(), false,
                        Optional.empty());
                SharedFile file = m.file == null ? null : m.file.forMessage(m.entry.key());
                if (file != null) {
                    m.entry = m.entry.withAttachment(Optional.of(file.attachment()));
                }
                if (!context.log().append(m.entry)) {
                    throw new IllegalStateException("a fresh message id collided with a stored message");
                }
                if (file != null) {
                    context.files().save(file);
                }
                m.events.add(new MessageAdded(context.account(), m.entry, false));
                key = m.entry.key();
            }
            case CORRECTION -> key = change(m, requireOwn(m).withCorrectedBody(m.body, m.encryption, false));
            case RETRACTION -> key = change(m, requireOwn(m).asRetracted());
            case REACTION -> key = change(m, current(m).withReactions(reactor, m.reactions));
            case DISPLAYED -> key = m.target.orElseThrow().key();
            default -> throw new IllegalStateException(m.kind.name());
        }
        context.outbox().enqueue(new OutboxEntry(context.account(), m.peer, key, m.stanzaId, XmlText.of(m.stanza)));
    }

    private String ownSender(OutboundMessage m) throws RoomException {
        if (m.chatKind == ChatKind.GROUPCHAT) {
            return context.rooms().ownNickname(m.peer).map(nick -> m.peer + "/" + nick)
                    .orElseThrow(() -> new RoomException(RoomException.Reason.NOT_IN_ROOM, m.peer, "not in the room"));
        }
        return context.account();
    }

    private String reactor(OutboundMessage m) throws RoomException {
        return m.chatKind == ChatKind.GROUPCHAT ? ownSender(m) : context.account();
    }

    /** The latest stored state of the target (the caller's copy may be stale). */
    private ChatMessage current(OutboundMessage m) {
        ChatMessage target = m.target.orElseThrow();
        return context.log().findByReference(context.account(), target.peer(), target.referenceId().orElseThrow())
                .orElseThrow(() -> new IllegalArgumentException("the message " + target.key() + " is not stored"));
    }

    private ChatMessage requireOwn(OutboundMessage m) {
        ChatMessage target = current(m);
        if (target.direction() != Direction.OUTGOING) {
            throw new IllegalArgumentException("only your own messages can be corrected or retracted");
        }
        return target;
    }

    private String change(OutboundMessage m, ChatMessage changed) {
        context.log().update(changed);
        m.entry = changed;
        m.events.add(new MessageUpdated(context.account(), changed));
        return changed.key();
    }
}
