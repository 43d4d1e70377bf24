package org.sotto.core.api.event;

import org.sotto.core.api.chat.ChatMessage;

/** A stored message changed: status (sent, delivered, displayed, failed), correction, reactions or retraction. */
public record MessageUpdated(String account, ChatMessage message) implements SottoEvent {
}
