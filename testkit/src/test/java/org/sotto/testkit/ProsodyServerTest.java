package org.sotto.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ProsodyServerTest {

    @Test
    void leavingOutAModuleItDoesNotLoadIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProsodyServer.startWithout(Set.of("bookmark")));
        assertTrue(e.getMessage().contains("\"bookmark\""), e.getMessage());
    }

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

    @Test
    void aKilledOwnerLeavesNoServerAndNoFilesBehind() throws Exception {
        Process owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServerOwner.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String[] started;
        try (var lines = new BufferedReader(new InputStreamReader(owner.getInputStream(),
                StandardCharsets.UTF_8))) {
            started = lines.readLine().split(" ", 2);
        }
        long prosodyPid = Long.parseLong(started[0]);
        Path dir = Path.of(started[1]);
        assertTrue(ProcessHandle.of(prosodyPid).isPresent(), "prosody is not running");

        owner.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no close()

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((ProcessHandle.of(prosodyPid).map(ProcessHandle::isAlive).orElse(false) || Files.exists(dir))
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(ProcessHandle.of(prosodyPid).map(ProcessHandle::isAlive).orElse(false),
                "prosody outlived the JVM that started it");
        assertFalse(Files.exists(dir), "the server's directory outlived the JVM that started it");
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
