package org.sotto.core.event;

import org.sotto.core.chat.ChatMessage;

/** A stored message changed: status (sent, delivered, displayed, failed), correction, reactions or retraction. */
public record MessageUpdated(String account, ChatMessage message) implements SottoEvent {
}
