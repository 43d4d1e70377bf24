package org.sotto.core.api.event;

import org.sotto.core.api.chat.TypingState;

/** XEP-0085: a contact started or stopped typing in the conversation with {@code peer}. */
public record ChatStateChanged(String account, String peer, String sender, TypingState state) implements SottoEvent {
}
