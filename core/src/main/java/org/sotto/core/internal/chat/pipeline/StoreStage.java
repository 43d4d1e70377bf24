package org.sotto.core.internal.chat.pipeline;

import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smackx.chat_markers.element.ChatMarkersElements;
import org.jivesoftware.smackx.chatstates.ChatState;
import org.jivesoftware.smackx.chatstates.packet.ChatStateExtension;
import org.jivesoftware.smackx.message_correct.element.MessageCorrectExtension;
import org.jivesoftware.smackx.receipts.DeliveryReceipt;

import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.chat.SendFailure;
import org.sotto.core.api.chat.TypingState;
import org.sotto.core.api.event.ChatStateChanged;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.event.MessageFailed;
import org.sotto.core.api.event.MessageUpdated;
import org.sotto.core.internal.files.AesGcmUrl;
import org.sotto.core.internal.files.SharedFile;
import org.sotto.core.internal.xmpp.MessageBodies;
import org.sotto.core.internal.xmpp.ReactionsElement;
import org.sotto.core.internal.xmpp.RetractElement;

/**
 * Applies the message to the log: a new entry, or an update of the entry it refers to (receipt, marker,
 * correction, reaction, retraction, error bounce). Corrections, retractions and reactions count only from the
 * original sender. Collects the events to publish once everything is stored.
 */
final class StoreStage implements InboundStage {
    private final PipelineContext context;

    StoreStage(PipelineContext context) {
        this.context = context;
    }

    @Override
    public boolean process(InboundMessage m) {
        Message message = m.message;
        if (message.getType() == Message.Type.error) {
            if (m.source == InboundMessage.Source.LIVE && message.getStanzaId() != null) {
                SendFailure failure = SendFailure.of(message.getError());
                update(m, message.getStanzaId(), Direction.OUTGOING, found -> found.asFailed(failure));
                if (m.stored != null) {
                    m.events.add(new MessageFailed(context.account(), m.stored, failure));
                }
            }
            return true;
        }
        boolean handled = false;
        if (m.direction == Direction.INCOMING) {
            handled |= applyStatus(m, message);
        } else {
            handled |= applyOwnReadMarker(m, message);
        }
        RetractElement retract = RetractElement.from(message);
        if (retract != null) {
            updateFromSender(m, retract.id(), ChatMessage::asRetracted);
            handled = true;
        }
        ReactionsElement reactions = ReactionsElement.from(message);
        if (reactions != null) {
            String reactor = m.kind == ChatKind.GROUPCHAT ? m.sender : bare(m.sender);
            Set<String> chosen = reactions.reactions();
            update(m, reactions.id(), null, found -> found.withReactions(reactor, chosen));
            handled = true;
        }
        MessageCorrectExtension correction = MessageCorrectExtension.from(message);
        // an undecryptable correction must not replace the text: it is kept as a message of its own
        if (correction != null && m.body.isPresent() && retract == null
                && m.encryption != Encryption.UNDECRYPTABLE) {
            String newBody = m.body.get();
            Encryption state = m.encryption;
            boolean cut = m.truncated;
            if (updateFromSender(m, correction.getIdInitialMessage(), found -> found.withCorrectedBody(newBody, state, cut))) {
                return true;
            }
            // the original is unknown (e.g. older than our history): keep the corrected text as a message
        }
        ChatStateExtension chatState = (ChatStateExtension) message.getExtension(ChatStateExtension.NAMESPACE);
        if (chatState != null && m.direction == Direction.INCOMING && !m.fromArchive()) {
            m.events.add(new ChatStateChanged(context.account(), m.peer, m.sender, typing(chatState.getChatState())));
        }
        if (m.body.isPresent() && !handled) {
            ChatMessage entry = m.candidate(context.account());
            Optional<SharedFile> file = sharedFile(entry);
            if (file.isPresent()) { // the URL with its key stays in the file's record; the message shows the file
                entry = new ChatMessage(entry.key(), entry.account(), entry.peer(), entry.kind(), entry.direction(),
                        entry.sender(), "", entry.timestamp(), entry.messageId(), entry.originId(), entry.archiveId(),
                        entry.status(), entry.encryption(), entry.replyToId(), false, false, entry.reactions(), false,
                        Optional.of(file.get().attachment()));
            }
            if (!context.log().append(entry)) {
                return false; // a duplicate that raced past the de-duplication stage
            }
            file.ifPresent(context.files()::save);
            m.stored = entry;
            m.added = true;
            boolean live = m.direction == Direction.INCOMING && !m.fromArchive();
            m.events.add(new MessageAdded(context.account(), entry, live));
        }
        return true;
    }

    /**
     * XEP-0454: a body that is exactly an {@code aesgcm://} URL (and not undecryptable) shares a file; it is recorded
     * as PENDING with the message, and the file service fetches it.
     */
    private static Optional<SharedFile> sharedFile(ChatMessage entry) {
        if (entry.encryption() == Encryption.UNDECRYPTABLE || !AesGcmUrl.isSharedFile(entry.body())) {
            return Optional.empty();
        }
        try {
            return Optional.of(SharedFile.announced(entry.account(), entry.key(),
                    AesGcmUrl.parse(entry.body().split("\n", 2)[0].strip())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The user's other client displayed an incoming message (its marker came as a sent carbon or from the archive):
     * that message and the earlier incoming ones of the conversation count as read here too.
     */
    private boolean applyOwnReadMarker(InboundMessage m, Message message) {
        ChatMarkersElements.DisplayedExtension displayed = ChatMarkersElements.DisplayedExtension.from(message);
        if (displayed == null) {
            return false;
        }
        context.log().findByReference(context.account(), m.peer, displayed.getId())
                .filter(marked -> marked.direction() == Direction.INCOMING)
                .ifPresent(marked -> {
                    for (ChatMessage earlier : context.log().history(context.account(), m.peer,
                            Optional.of(marked.timestamp().plusNanos(1)), 200)) { // same instant counts too
                        if (earlier.direction() == Direction.INCOMING && earlier.status() == MessageStatus.RECEIVED) {
                            apply(m, earlier, found -> found.withStatus(MessageStatus.DISPLAYED));
                        }
                    }
                    if (marked.status() == MessageStatus.RECEIVED) {
                        apply(m, marked, found -> found.withStatus(MessageStatus.DISPLAYED));
                    }
                });
        return !MessageBodies.present(message);
    }

    /** Receipts and markers from the peer move our outgoing message forward. */
    private boolean applyStatus(InboundMessage m, Message message) {
        boolean any = false;
        DeliveryReceipt receipt = DeliveryReceipt.from(message);
        if (receipt != null) {
            forward(m, receipt.getId(), MessageStatus.DELIVERED);
            any = true;
        }
        ChatMarkersElements.ReceivedExtension received = ChatMarkersElements.ReceivedExtension.from(message);
        if (received != null) {
            forward(m, received.getId(), MessageStatus.DELIVERED);
            any = true;
        }
        ChatMarkersElements.DisplayedExtension displayed = ChatMarkersElements.DisplayedExtension.from(message);
        if (displayed != null) {
            // XEP-0333: a displayed marker also covers every earlier message of the conversation
            context.log().findByReference(context.account(), m.peer, displayed.getId())
                    .filter(marked -> marked.direction() == Direction.OUTGOING)
                    .ifPresent(marked -> {
                        for (ChatMessage earlier : context.log().history(context.account(), m.peer,
                                Optional.of(marked.timestamp().plusNanos(1)), 200)) { // same instant counts too
                            if (earlier.direction() == Direction.OUTGOING && (earlier.status() == MessageStatus.SENT
                                    || earlier.status() == MessageStatus.DELIVERED)) {
                                apply(m, earlier, found -> found.withStatus(MessageStatus.DISPLAYED));
                            }
                        }
                    });
            forward(m, displayed.getId(), MessageStatus.DISPLAYED);
            any = true;
        }
        return any && !MessageBodies.present(message);
    }

    private void forward(InboundMessage m, String id, MessageStatus status) {
        update(m, id, Direction.OUTGOING, found -> found.status().isAfter(status) || found.status() == status
                || found.status() == MessageStatus.FAILED ? found : found.withStatus(status));
    }

    private boolean updateFromSender(InboundMessage m, String id, UnaryOperator<ChatMessage> change) {
        Optional<ChatMessage> found = context.log().findByReference(context.account(), m.peer, id);
        if (found.isEmpty() || !sameSender(found.get(), m)) {
            return false;
        }
        apply(m, found.get(), change);
        return true;
    }

    private boolean sameSender(ChatMessage original, InboundMessage m) {
        return m.kind == ChatKind.GROUPCHAT ? original.sender().equals(m.sender) : bare(original.sender()).equals(bare(m.sender));
    }

    private void update(InboundMessage m, String id, Direction direction, UnaryOperator<ChatMessage> change) {
        context.log().findByReference(context.account(), m.peer, id)
                .filter(found -> direction == null || found.direction() == direction)
                .ifPresent(found -> apply(m, found, change));
    }

    private void apply(InboundMessage m, ChatMessage found, UnaryOperator<ChatMessage> change) {
        ChatMessage changed = change.apply(found);
        if (!changed.equals(found)) {
            context.log().update(changed);
            m.stored = changed;
            m.events.add(new MessageUpdated(context.account(), changed));
        }
    }

    private static TypingState typing(ChatState state) {
        return switch (state) {
            case active -> TypingState.ACTIVE;
            case composing -> TypingState.COMPOSING;
            case paused -> TypingState.PAUSED;
            case inactive -> TypingState.INACTIVE;
            case gone -> TypingState.GONE;
        };
    }

    private static String bare(String jid) {
        int slash = jid.indexOf('/');
        return slash < 0 ? jid : jid.substring(0, slash);
    }
}
