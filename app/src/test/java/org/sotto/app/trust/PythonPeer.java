package org.sotto.app.trust;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.sotto.testkit.JsonLinesProcess;
import org.sotto.testkit.ProsodyServer;

/**
 * An independent OMEMO client for the window's trust flows: core's test peer {@code peer/omemo_xmpp_peer.py}
 * (slixmpp with python-omemo, OMEMO 2 and 0.3, trusting everything blindly), one device per process. What it
 * receives is reported from the wire, so a test learns from it, not from Sotto, which devices a message was
 * encrypted for.
 */
final class PythonPeer implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(40);

    private final JsonLinesProcess process;
    private final List<JsonNode> events = new ArrayList<>();
    private final String jid;
    private int deviceId;
    private String fingerprint;
    private int seq;

    private PythonPeer(ProsodyServer server, String jid, String password, Optional<Integer> reuseDeviceId)
            throws IOException {
        this.jid = jid;
        List<String> arguments = new ArrayList<>(List.of("--jid", jid, "--password-env", "PEER_PASSWORD",
                "--host", server.host(), "--port", String.valueOf(server.c2sPort()),
                "--cafile", server.certificate().certificatePem().toString(), "--versions", "2,0.3"));
        reuseDeviceId.ifPresent(id -> arguments.addAll(List.of("--device-id", String.valueOf(id))));
        process = JsonLinesProcess.python(PythonPeer.class, "/peer/omemo_xmpp_peer.py",
                Map.of("PEER_PASSWORD", password), arguments.toArray(String[]::new));
        process.readInBackground(event -> {
            synchronized (events) {
                events.add(event);
                events.notifyAll();
            }
        });
    }

    /** A new device of the account; {@link #awaitReady()} waits until it is published. */
    static PythonPeer start(ProsodyServer server, String jid, String password) throws IOException {
        return new PythonPeer(server, jid, password, Optional.empty());
    }

    /** A new identity under a device id the account listed already: a reinstall that kept its id. */
    static PythonPeer reinstall(ProsodyServer server, String jid, String password, int deviceId) throws IOException {
        return new PythonPeer(server, jid, password, Optional.of(deviceId));
    }

    PythonPeer awaitReady() {
        JsonNode ready = awaitEvent(0, "ready", e -> true);
        deviceId = ready.get("device").asInt();
        fingerprint = ready.get("fingerprint").asText();
        return this;
    }

    String jid() {
        return jid;
    }

    int deviceId() {
        return deviceId;
    }

    /** 64 hex digits, as python-omemo shows it: the Curve25519 form of the identity key, as Sotto's. */
    String fingerprint() {
        return fingerprint;
    }

    /** {@code xmpp:jid?omemo-sid-ID=HEX}, as Conversations puts it in its QR code. */
    String verificationUri() {
        return "xmpp:" + jid + "?omemo-sid-" + deviceId + "=" + fingerprint;
    }

    /** An encrypted chat message to {@code to}'s devices. */
    void send(String to, String body) {
        call(JsonLinesProcess.JSON.createObjectNode().put("op", "send").put("to", to).put("body", body));
    }

    /** The device ids the received message with this body carried keys for, as read from its headers. */
    Set<Integer> keysOf(String body) {
        JsonNode received = awaitEvent(0, "received", e -> body.equals(e.path("body").asText()));
        Set<Integer> rids = new TreeSet<>();
        received.path("rids").forEach(rid -> rids.add(rid.asInt()));
        return rids;
    }

    /** The same, if the message arrived here by now. */
    Optional<Set<Integer>> keysOfIfAny(String body) {
        synchronized (events) {
            return events.stream().filter(e -> "received".equals(e.path("event").asText())
                    && body.equals(e.path("body").asText())).findFirst().map(received -> {
                        Set<Integer> rids = new TreeSet<>();
                        received.path("rids").forEach(rid -> rids.add(rid.asInt()));
                        return rids;
                    });
        }
    }

    JsonNode awaitEvent(int mark, String kind, Predicate<JsonNode> condition) {
        return awaitMatching(mark, kind, e -> kind.equals(e.path("event").asText()) && condition.test(e));
    }

    private JsonNode awaitMatching(int mark, String what, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (events) {
            while (true) {
                for (JsonNode event : events.subList(mark, events.size())) {
                    if (condition.test(event)) {
                        return event;
                    }
                    if ("fatal".equals(event.path("event").asText())) {
                        throw new AssertionError("the python peer failed: " + event);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + what + " event at the python peer " + jid + " within " + WAIT
                            + "; events: " + events);
                }
                try {
                    events.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    private void call(ObjectNode command) {
        int n;
        synchronized (this) {
            n = ++seq;
            command.put("seq", n);
            process.send(command);
        }
        JsonNode answer = awaitMatching(0, "answer", e -> e.path("seq").asInt() == n
                && List.of("done", "failed").contains(e.path("event").asText()));
        if ("failed".equals(answer.path("event").asText())) {
            throw new AssertionError("the python peer could not " + command.get("op").asText() + ": " + answer);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
