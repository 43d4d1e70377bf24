package org.sotto.core.internal.chat.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;

import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.TypingState;
import org.sotto.core.api.event.SottoEvent;
import org.sotto.core.internal.files.SharedFile;

/** Something the user sends, on its way through the {@link OutboundPipeline}. Create with the static factories. */
public final class OutboundMessage {
    public enum Kind {
        TEXT, CORRECTION, REACTION, RETRACTION, DISPLAYED, CHAT_STATE
    }

    final Kind kind;
    final String peer;
    final ChatKind chatKind;
    String body = "";
    Optional<ChatMessage> target = Optional.empty();
    Set<String> reactions = Set.of();
    TypingState typing;

    String stanzaId;
    MessageBuilder builder;
    Message stanza;
    Encryption encryption = Encryption.PLAINTEXT;
    ChatMessage entry;
    /** The file this message shares (its body is the file's {@code aesgcm://} URL), recorded with the message. */
    SharedFile file;
    final List<SottoEvent> events = new ArrayList<>();

    private OutboundMessage(Kind kind, String peer, ChatKind chatKind) {
        this.kind = Objects.requireNonNull(kind);
        this.peer = Objects.requireNonNull(peer);
        this.chatKind = Objects.requireNonNull(chatKind);
    }

    public static OutboundMessage text(String peer, ChatKind chatKind, String body, Optional<ChatMessage> replyTo) {
        OutboundMessage m = new OutboundMessage(Kind.TEXT, peer, chatKind);
        m.body = Objects.requireNonNull(body);
        m.target = replyTo;
        return m;
    }

    public static OutboundMessage correction(ChatMessage original, String newBody) {
        OutboundMessage m = new OutboundMessage(Kind.CORRECTION, original.peer(), original.kind());
        m.body = Objects.requireNonNull(newBody);
        m.target = Optional.of(original);
        return m;
    }

    public static OutboundMessage reaction(ChatMessage target, Set<String> reactions) {
        OutboundMessage m = new OutboundMessage(Kind.REACTION, target.peer(), target.kind());
        m.target = Optional.of(target);
        m.reactions = Set.copyOf(reactions);
        return m;
    }

    public static OutboundMessage retraction(ChatMessage own) {
        OutboundMessage m = new OutboundMessage(Kind.RETRACTION, own.peer(), own.kind());
        m.target = Optional.of(own);
        return m;
    }

    public static OutboundMessage displayed(ChatMessage incoming) {
        OutboundMessage m = new OutboundMessage(Kind.DISPLAYED, incoming.peer(), incoming.kind());
        m.target = Optional.of(incoming);
        return m;
    }

    public static OutboundMessage chatState(String peer, ChatKind chatKind, TypingState state) {
        OutboundMessage m = new OutboundMessage(Kind.CHAT_STATE, peer, chatKind);
        m.typing = Objects.requireNonNull(state);
        return m;
    }

    /**
     * A message that shares an uploaded file: the stanza's body is the file's {@code aesgcm://} URL; the stored entry
     * has an empty body and the file as its attachment, recorded in the same step (the URL never reaches the API).
     */
    public static OutboundMessage file(String peer, ChatKind chatKind, SharedFile file) {
        OutboundMessage m = text(peer, chatKind, file.aesGcmUrl().toString(), Optional.empty());
        m.file = file;
        return m;
    }

    public Kind kind() {
        return kind;
    }

    /** The stored message this created or changed, after the store stage. */
    public Optional<ChatMessage> entry() {
        return Optional.ofNullable(entry);
    }

    /** The conversation's bare JID (contact or room). */
    public String peer() {
        return peer;
    }

    public ChatKind chatKind() {
        return chatKind;
    }

    /** The text the user wrote (empty for kinds without text). */
    public String body() {
        return body;
    }

    /** The stanza being built, for the encrypt stage to replace the body and add its elements. */
    public MessageBuilder builder() {
        return builder;
    }

    /** Lets the encrypt stage replace the stanza being built (e.g. by its encrypted form). */
    public void replaceBuilder(MessageBuilder replacement) {
        this.builder = Objects.requireNonNull(replacement);
    }

    /** The stored message the action refers to (reply, correction, reaction, retraction, marker), if any. */
    public Optional<ChatMessage> target() {
        return target;
    }

    /** Set by the encrypt stage: how the stored entry is marked. */
    public void encryption(Encryption encryption) {
        this.encryption = Objects.requireNonNull(encryption);
    }

    /** How the stored entry will be marked (PLAINTEXT until the encrypt stage decided otherwise). */
    public Encryption encryption() {
        return encryption;
    }

    public Optional<Message> stanza() {
        return Optional.ofNullable(stanza);
    }

    @Override
    public String toString() {
        return "OutboundMessage[" + kind + " to " + peer + " id=" + stanzaId + "]";
    }
}
