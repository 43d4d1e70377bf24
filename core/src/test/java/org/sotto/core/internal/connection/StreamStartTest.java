package org.sotto.core.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.account.Failure;
import org.sotto.core.api.account.FailureReason;
import org.sotto.core.internal.Sotto;
import org.sotto.core.internal.SottoOptions;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.persistence.memory.InMemoryPersistence;
import org.sotto.core.internal.testing.Await;

/**
 * The start of a stream, against a scripted server on 127.0.0.1 that offers STARTTLS and then refuses it: the
 * stream header sent before TLS does not name the account, and the refusal is a TLS failure the user sees, not a
 * lost connection retried in a loop.
 */
class StreamStartTest {
    @Test
    void theFirstHeaderNamesNoAccountAndARefusedStartTlsIsATlsFailureNotRetried() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
             Sotto sotto = Sotto.start(new InMemoryPersistence(), SottoOptions.defaults()
                     .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)))) {
            AtomicInteger connections = new AtomicInteger();
            CompletableFuture<String> firstHeader = CompletableFuture.supplyAsync(() -> refuseStartTls(listener, connections));
            AccountSession session = sotto.accounts().add(AccountRecord.of("carol@localhost")
                    .withServer("127.0.0.1", listener.getLocalPort()), "carol-pw");

            ConnectionState state = Await.done(session.connect());

            String header = firstHeader.get(20, TimeUnit.SECONDS);
            assertTrue(header.contains("to='localhost'") || header.contains("to=\"localhost\""), header);
            assertFalse(header.contains("from="), "the account is not named before TLS: " + header);
            Failure failure = assertInstanceOf(ConnectionState.Failed.class, state).failure();
            assertEquals(FailureReason.TLS_FAILED, failure.reason());
            Thread.sleep(1_500); // longer than the backoff: a retry would have connected again by now
            assertEquals(1, connections.get(), "a refused STARTTLS is not retried");
            assertInstanceOf(ConnectionState.Failed.class, session.state().get());
        }
    }

    /** Serves one stream: offers STARTTLS, answers it with {@code <failure/>}; returns the client's stream header. */
    private static String refuseStartTls(ServerSocket listener, AtomicInteger connections) {
        try {
            listener.setSoTimeout(20_000);
            String header;
            try (Socket client = listener.accept()) {
                connections.incrementAndGet();
                InputStream in = client.getInputStream();
                OutputStream out = client.getOutputStream();
                header = readUntil(in, List.of("<stream:stream"), ">");
                out.write(("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                        + "xmlns:stream='http://etherx.jabber.org/streams' from='localhost' id='scripted' version='1.0'>"
                        + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
                        + "</stream:features>").getBytes(StandardCharsets.UTF_8));
                out.flush();
                readUntil(in, List.of("<starttls"), ">");
                out.write("<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:stream>"
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                in.read(new byte[1024]); // until the client closes
            }
            // a retry would connect again: count it, without serving it
            listener.setSoTimeout(1_500);
            while (true) {
                try (Socket again = listener.accept()) {
                    connections.incrementAndGet();
                } catch (SocketTimeoutException e) {
                    return header;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads until one of {@code starts} has been seen and then {@code end}; returns the text from that start on. */
    private static String readUntil(InputStream in, List<String> starts, String end) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before " + starts + ": " + seen.toString(StandardCharsets.UTF_8));
            }
            seen.write(b);
            String text = seen.toString(StandardCharsets.UTF_8);
            for (String start : starts) {
                int at = text.indexOf(start);
                if (at >= 0 && text.indexOf(end, at) >= 0) {
                    return text.substring(at, text.indexOf(end, at) + end.length());
                }
            }
        }
    }
}
