package org.sotto.core.files;

import org.sotto.core.api.file.FileException;
import java.util.concurrent.CompletableFuture;

/**
 * A file being sent: {@code transferId} names its {@code FileProgress} events; {@code result} completes with the
 * stored file once the encrypted message is stored and queued, or exceptionally with a {@link FileException}
 * (or the send's own exception, e.g. the API's {@code SendException}).
 */
public record OutgoingFile(String transferId, CompletableFuture<SharedFile> result) {
}
