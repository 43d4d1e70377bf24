package org.sotto.core.api.event;

import org.sotto.core.files.SharedFile;

/** A shared file was announced, started, finished or failed (its {@code state} and {@code failure} say which). */
public record FileUpdated(String account, SharedFile file) implements SottoEvent {
}
