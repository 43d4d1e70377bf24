package org.sotto.core.api.event;

import org.sotto.core.api.file.Attachment;

/**
 * A shared file was announced, started, finished or failed (its {@code state} and {@code failure} say which);
 * {@code file.messageKey()} names its message, which also comes again as {@code MessageUpdated}.
 */
public record FileUpdated(String account, Attachment file) implements SottoEvent {
}
