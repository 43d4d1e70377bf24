package org.sotto.core.api.event;

/**
 * Progress of a file transfer. {@code transferId} is the message key for downloads and the id returned by
 * {@code FileService.send} for uploads; {@code total} is -1 when the server did not say.
 */
public record FileProgress(String account, String transferId, Phase phase, long done, long total) implements SottoEvent {
    public enum Phase {
        ENCRYPTING, UPLOADING, DOWNLOADING
    }
}
