package org.sotto.app.rooms;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.sotto.testkit.ProsodyServer;

/**
 * The independent OMEMO client of core's tests ({@code core/src/test/resources/peer/omemo_xmpp_peer.py}: slixmpp
 * with python-omemo, OMEMO 2 and 0.3) as a room member, driven over JSON lines: join a room, send an encrypted room
 * message for the members' devices, and the messages it decrypted. The script is read from core's test resources
 * (the app's tests run in the module's directory), so both modules test against the same peer.
 */
final class PythonRoomPeer implements AutoCloseable {
    static final Path SCRIPT = Path.of("../core/src/test/resources/peer/omemo_xmpp_peer.py");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WAIT_SECONDS = 40;

    private final Process process;
    private final BufferedWriter in;
    private final List<JsonNode> events = new ArrayList<>();
    private final String jid;
    private int seq;

    PythonRoomPeer(ProsodyServer server, String jid, String password) throws IOException {
        if (!Files.isRegularFile(SCRIPT)) {
            throw new IOException("the python peer is not at " + SCRIPT.toAbsolutePath());
        }
        this.jid = jid;
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/python3", SCRIPT.toString(), "--jid", jid,
                "--password-env", "PEER_PASSWORD", "--host", server.host(), "--port", String.valueOf(server.c2sPort()),
                "--cafile", server.certificate().certificatePem().toString(), "--versions", "2,0.3")
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("PEER_PASSWORD", password);
        process = builder.start();
        in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    JsonNode event = JSON.readTree(line);
                    synchronized (events) {
                        events.add(event);
                        events.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the peer ended: a wait for its answer times out with the events seen
            }
        }, "python-room-peer");
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits until the peer is online with its OMEMO device published. */
    PythonRoomPeer awaitReady() {
        awaitEvent("ready", e -> true);
        return this;
    }

    String jid() {
        return jid;
    }

    void join(String room, String nick) {
        call(JSON.createObjectNode().put("op", "join").put("room", room).put("nick", nick));
    }

    /** An encrypted groupchat message with keys for the devices of {@code members} (and its own other devices). */
    void sendToRoom(String room, List<String> members, String body) {
        ObjectNode command = JSON.createObjectNode().put("op", "send_room").put("room", room).put("body", body);
        members.forEach(command.putArray("members")::add);
        call(command);
    }

    /** A room message the peer decrypted, with this body. */
    JsonNode awaitReceived(String body) {
        return awaitEvent("received", e -> "groupchat".equals(e.path("type").asText())
                && body.equals(e.path("body").asText()));
    }

    /** Whether the peer saw no message with this body, encrypted or not. */
    boolean receivedNothing(String body) {
        synchronized (events) {
            return events.stream().noneMatch(e -> body.equals(e.path("body").asText()));
        }
    }

    private JsonNode call(ObjectNode command) {
        int n;
        synchronized (this) {
            n = ++seq;
            command.put("seq", n);
            try {
                in.write(JSON.writeValueAsString(command));
                in.newLine();
                in.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("the python peer is gone", e);
            }
        }
        JsonNode answer = awaitEvent(null, e -> e.path("seq").asInt() == n
                && ("done".equals(e.path("event").asText()) || "failed".equals(e.path("event").asText())));
        if ("failed".equals(answer.path("event").asText())) {
            throw new AssertionError("the python peer could not " + command.get("op").asText() + ": " + answer);
        }
        return answer;
    }

    /** The first event of this kind (any, when null) matching; a fatal event or the time up fails. */
    private JsonNode awaitEvent(String kind, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        synchronized (events) {
            while (true) {
                for (JsonNode event : events) {
                    if ((kind == null || kind.equals(event.path("event").asText())) && condition.test(event)) {
                        return event;
                    }
                    if ("fatal".equals(event.path("event").asText())) {
                        throw new AssertionError("the python peer failed: " + event);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    throw new AssertionError("no " + kind + " event at the python peer " + jid + "; events: " + events);
                }
                try {
                    events.wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 500));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
