package org.sotto.core.api.event;

import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.SendFailure;

/** A sent message bounced (its status is now FAILED); {@code failure.explanation()} is for the user. */
public record MessageFailed(String account, ChatMessage message, SendFailure failure) implements SottoEvent {
}
