package org.sotto.core.internal.files;

import java.util.concurrent.CompletableFuture;

import org.sotto.core.api.file.FileException;

/**
 * A file being sent: {@code transferId} names its {@code FileProgress} events; {@code result} completes with the
 * stored file once the encrypted message is stored and queued, or exceptionally with a {@link FileException}
 * (or the send's own exception, e.g. the API's {@code SendException}).
 */
public record OutgoingFile(String transferId, CompletableFuture<SharedFile> result) {
}
