package org.sotto.core.internal.files;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongConsumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.sotto.core.api.file.FileException.Reason;
import org.sotto.core.api.file.FileException;

/**
 * HTTPS PUT and GET for XEP-0363 with the account's trust (the base trust store plus the certificates the user
 * pinned for the account; never trust-all). The JDK client keeps host name verification on.
 */
final class HttpTransfer {
    /** XEP-0363 §4: the only slot headers a client may pass on. */
    private static final Set<String> SLOT_HEADERS = Set.of("authorization", "cookie", "expires");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    private final HttpClient client;

    HttpTransfer(X509TrustManager trust) {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {trust}, null);
            this.client = HttpClient.newBuilder().sslContext(tls).connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JDK", e);
        }
    }

    /** PUTs the file; {@code progress} gets the bytes sent so far. */
    void put(URI url, Map<String, String> slotHeaders, Path file, LongConsumer progress) throws FileException {
        try {
            long length = Files.size(file);
            HttpRequest.Builder request = HttpRequest.newBuilder(url)
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                            () -> counting(file, progress)), length));
            slotHeaders.forEach((name, value) -> {
                if (SLOT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    request.header(name, value.replaceAll("[\r\n]", ""));
                }
            });
            HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status == 413) {
                throw new FileException(Reason.TOO_LARGE, "the upload server refused the file as too large");
            }
            if (status / 100 != 2) {
                throw new FileException(Reason.HTTP_ERROR, "the upload server answered HTTP " + status);
            }
        } catch (IOException e) {
            throw new FileException(Reason.NETWORK, "the upload broke off: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FileException(Reason.NETWORK, "the upload was interrupted", e);
        }
    }

    /** An open GET response: its length (if the server said) and the body to read and close. */
    record Download(OptionalLong length, InputStream body) {
    }

    Download get(URI url) throws FileException {
        try {
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(url).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            if (status != 200) {
                response.body().close();
                if (status == 404 || status == 410) {
                    throw new FileException(Reason.NOT_FOUND, "the server no longer has the file (HTTP " + status + ")");
                }
                throw new FileException(Reason.HTTP_ERROR, "the file server answered HTTP " + status);
            }
            return new Download(response.headers().firstValueAsLong("Content-Length"), response.body());
        } catch (IOException e) {
            throw new FileException(Reason.NETWORK, "the download failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FileException(Reason.NETWORK, "the download was interrupted", e);
        }
    }

    private static InputStream counting(Path file, LongConsumer progress) {
        try {
            return new CountingInputStream(Files.newInputStream(file), progress);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reports the bytes read so far. */
    static final class CountingInputStream extends FilterInputStream {
        private final LongConsumer progress;
        private long count;

        CountingInputStream(InputStream in, LongConsumer progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                progress.accept(++count);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
                progress.accept(count);
            }
            return n;
        }

        long count() {
            return count;
        }
    }
}
