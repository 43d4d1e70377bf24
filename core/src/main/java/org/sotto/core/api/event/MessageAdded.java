package org.sotto.core.api.event;

import org.sotto.core.api.chat.ChatMessage;

/**
 * A message new to the log. {@code live} is false for messages that came from the archive (catch-up or scrollback)
 * or were written by the user on this client; only live incoming messages deserve a notification.
 */
public record MessageAdded(String account, ChatMessage message, boolean live) implements SottoEvent {
}
