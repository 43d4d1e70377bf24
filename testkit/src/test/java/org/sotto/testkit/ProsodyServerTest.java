package org.sotto.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ProsodyServerTest {

    @Test
    void startsOnLoopbackRegistersAccountsAndLeavesNothingBehind() throws Exception {
        Path dir;
        long pid;
        try (ProsodyServer server = ProsodyServer.start()) {
            dir = server.directory();
            pid = server.pid();
            assertTrue(server.isRunning());
            assertEquals("alice@localhost", server.register("alice", "secret-a"));
            // the account really exists in the server's storage
            assertTrue(Files.exists(dir.resolve("data/localhost/accounts/alice.dat")), server.files().toString());

            try (Socket socket = new Socket(server.host(), server.c2sPort())) {
                socket.getOutputStream().write(("<?xml version='1.0'?><stream:stream to='localhost' version='1.0' "
                        + "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>")
                        .getBytes(StandardCharsets.UTF_8));
                String features = readUntil(socket.getInputStream(), "</stream:features>");
                assertTrue(features.contains("urn:ietf:params:xml:ns:xmpp-tls"), features);
                assertTrue(features.contains("<required"), "TLS must be required: " + features);
            }
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "prosody still running");
        assertFalse(Files.exists(dir), "temp directory left behind");
    }

    private static String readUntil(InputStream in, String marker) throws Exception {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (!text.toString().contains(marker)) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return text.toString();
    }
}
