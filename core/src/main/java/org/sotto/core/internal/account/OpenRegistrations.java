package org.sotto.core.internal.account;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.xdata.packet.DataForm;

/**
 * Registration streams kept open between {@code registrationForm} and {@code register}: a XEP-0158 CAPTCHA belongs
 * to the stream it was issued on. Each is closed after {@link #LIFETIME}, when it is used, when a new form is asked
 * for the same server, or when the service closes.
 */
final class OpenRegistrations implements AutoCloseable {
    static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An open stream and the data form the server offered on it, if any. */
    record Open(String domain, XMPPTCPConnection connection, Optional<DataForm> offered, ScheduledFuture<?> expiry) {
    }

    private final ScheduledExecutorService timer;
    private final Duration lifetime;
    private final Map<String, Open> byHandle = new HashMap<>();

    OpenRegistrations(ScheduledExecutorService timer, Duration lifetime) {
        this.timer = timer;
        this.lifetime = lifetime;
    }

    /** Keeps the stream open and returns its handle; an older open stream to the same server is closed. */
    String keep(String domain, XMPPTCPConnection connection, Optional<DataForm> offered) {
        String handle = HexFormat.of().formatHex(randomBytes());
        ScheduledFuture<?> expiry = timer.schedule(() -> drop(handle), lifetime.toMillis(), TimeUnit.MILLISECONDS);
        Open previous = null;
        synchronized (this) {
            for (Map.Entry<String, Open> entry : byHandle.entrySet()) {
                if (entry.getValue().domain().equals(domain)) {
                    previous = byHandle.remove(entry.getKey());
                    break;
                }
            }
            byHandle.put(handle, new Open(domain, connection, offered, expiry));
        }
        if (previous != null) {
            previous.expiry().cancel(false);
            previous.connection().disconnect();
        }
        return handle;
    }

    /** Takes the open stream of a handle out (the caller closes it), if it is still there and connected. */
    Optional<Open> take(String handle) {
        Open open;
        synchronized (this) {
            open = byHandle.remove(handle);
        }
        if (open == null) {
            return Optional.empty();
        }
        open.expiry().cancel(false);
        if (!open.connection().isConnected()) {
            return Optional.empty();
        }
        return Optional.of(open);
    }

    /** Closes the stream of a handle (expired or abandoned). */
    void drop(String handle) {
        Open open;
        synchronized (this) {
            open = byHandle.remove(handle);
        }
        if (open != null) {
            open.expiry().cancel(false);
            open.connection().disconnect();
        }
    }

    @Override
    public void close() {
        Map<String, Open> all;
        synchronized (this) {
            all = new HashMap<>(byHandle);
            byHandle.clear();
        }
        all.values().forEach(open -> {
            open.expiry().cancel(false);
            open.connection().disconnect();
        });
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
