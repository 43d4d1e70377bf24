package org.sotto.core.internal.omemo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.sotto.core.internal.testing.TestSotto;
import org.sotto.crypto.OmemoVersion;
import org.sotto.testkit.JsonLinesProcess;
import org.sotto.testkit.ProsodyServer;

/**
 * An independent OMEMO client on the wire: {@code peer/omemo_xmpp_peer.py}, slixmpp 1.8.3 with python-omemo 1.0.2
 * (oldmemo and/or twomemo), logged in to the test Prosody and driven over JSON lines. Commands are answered in
 * order; everything the peer sees on the wire arrives as an event.
 */
final class PythonOmemoPeer implements AutoCloseable {
    private static final ObjectMapper JSON = JsonLinesProcess.JSON;

    private final JsonLinesProcess process;
    private final List<JsonNode> events = new ArrayList<>();
    private final String jid;
    private int deviceId;
    private int seq;

    private PythonOmemoPeer(ProsodyServer server, String jid, String password, Set<OmemoVersion> versions)
            throws IOException {
        this.jid = jid;
        String versionList = versions.stream().map(v -> v == OmemoVersion.V2 ? "2" : "0.3")
                .collect(Collectors.joining(","));
        process = JsonLinesProcess.python(PythonOmemoPeer.class, "/peer/omemo_xmpp_peer.py",
                Map.of("PEER_PASSWORD", password), "--jid", jid, "--password-env", "PEER_PASSWORD",
                "--host", server.host(), "--port", String.valueOf(server.c2sPort()),
                "--cafile", server.certificate().certificatePem().toString(), "--versions", versionList);
        process.readInBackground(event -> {
            synchronized (events) {
                events.add(event);
                events.notifyAll();
            }
        });
    }

    /**
     * Starts the peer for an account registered on the server; {@link #awaitReady()} waits until it is online
     * with its OMEMO device published (python needs a few seconds, so several peers best start together).
     */
    static PythonOmemoPeer start(ProsodyServer server, String jid, String password, Set<OmemoVersion> versions)
            throws IOException {
        return new PythonOmemoPeer(server, jid, password, versions);
    }

    PythonOmemoPeer awaitReady() {
        deviceId = awaitEvent("ready", e -> true).get("device").asInt();
        return this;
    }

    String jid() {
        return jid;
    }

    int deviceId() {
        return deviceId;
    }

    /** An encrypted chat message; returns its stanza id. */
    String send(String to, String body) {
        return call(command("send").put("to", to).put("body", body)).get("id").asText();
    }

    /** An encrypted chat message without the fallback {@code <body/>}. */
    String sendWithoutFallback(String to, String body) {
        return call(command("send").put("to", to).put("body", body).put("fallback", false)).get("id").asText();
    }

    String sendPlain(String to, String body) {
        return call(command("send_plain").put("to", to).put("body", body)).get("id").asText();
    }

    /** A carbon wrapper from the peer's own JID around an encrypted message claiming to be from {@code claimedFrom}. */
    JsonNode spoofCarbon(String to, String claimedFrom, String body) {
        return call(command("spoof_carbon").put("to", to).put("claimed_from", claimedFrom).put("body", body));
    }

    /** A forged {@code <sent/>} carbon: {@code to}'s own message to {@code claimedTo}, as the peer would have it. */
    JsonNode spoofSentCarbon(String to, String claimedTo, String body) {
        return call(command("spoof_carbon").put("to", to).put("claimed_from", to).put("claimed_to", claimedTo)
                .put("direction", "sent").put("body", body));
    }

    /** The same inside a MAM {@code <result/>} that nobody asked for. */
    JsonNode spoofArchiveResult(String to, String claimedFrom, String body) {
        return call(command("spoof_archive_result").put("to", to).put("claimed_from", claimedFrom).put("body", body));
    }

    /** The peer loses its ratchet with that device (identity and prekeys stay). */
    void forgetSession(String owner, int device) {
        call(command("forget_session").put("jid", owner).put("device", device));
    }

    void join(String room, String nick) {
        call(command("join").put("room", room).put("nick", nick));
    }

    /** Creates (and enters) a members-only, non-anonymous room with these members. */
    void createRoom(String room, String nick, List<String> members) {
        ObjectNode cmd = command("create_room").put("room", room).put("nick", nick);
        members.forEach(cmd.putArray("members")::add);
        call(cmd);
    }

    /** An encrypted groupchat message with keys for the devices of {@code members} (and the peer's other devices). */
    String sendToRoom(String room, List<String> members, String body) {
        ObjectNode cmd = command("send_room").put("room", room).put("body", body);
        members.forEach(cmd.putArray("members")::add);
        return call(cmd).get("id").asText();
    }

    /** The first event of this kind matching, from the start of the recording. */
    JsonNode awaitEvent(String kind, Predicate<JsonNode> condition) {
        return awaitEvent(0, kind, condition);
    }

    /** How many events were seen so far: a mark to wait for events after it. */
    int mark() {
        synchronized (events) {
            return events.size();
        }
    }

    /** The first event of this kind matching, among those recorded after {@code mark}. */
    JsonNode awaitEvent(int mark, String kind, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + TestSotto.WAIT.toNanos();
        synchronized (events) {
            while (true) {
                for (JsonNode event : events.subList(mark, events.size())) {
                    if (kind.equals(event.path("event").asText()) && condition.test(event)) {
                        return event;
                    }
                }
                for (JsonNode event : events) {
                    if ("fatal".equals(event.path("event").asText())) {
                        throw new AssertionError("the python peer failed: " + event);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + kind + " event matching at the python peer " + jid
                            + " within " + TestSotto.WAIT + "; events: " + events);
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

    /** A decrypted message with this body. */
    JsonNode awaitReceived(String body) {
        return awaitEvent("received", e -> body.equals(e.path("body").asText()));
    }

    List<JsonNode> events(String kind) {
        synchronized (events) {
            return events.stream().filter(e -> kind.equals(e.path("event").asText())).toList();
        }
    }

    private ObjectNode command(String op) {
        return JSON.createObjectNode().put("op", op);
    }

    private JsonNode call(ObjectNode command) {
        int n;
        synchronized (this) {
            n = ++seq;
            command.put("seq", n);
            process.send(command);
        }
        JsonNode answer = awaitAnswer(n);
        if ("failed".equals(answer.path("event").asText())) {
            throw new AssertionError("the python peer could not " + command.get("op").asText() + ": "
                    + answer.path("error").asText() + ": " + answer.path("message").asText() + "\n"
                    + answer.path("trace").asText());
        }
        return answer;
    }

    private JsonNode awaitAnswer(int n) {
        long deadline = System.nanoTime() + TestSotto.WAIT.toNanos();
        synchronized (events) {
            while (true) {
                for (JsonNode event : events) {
                    String kind = event.path("event").asText();
                    if ((kind.equals("done") || kind.equals("failed")) && event.path("seq").asInt() == n) {
                        return event;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    throw new AssertionError("no answer to command " + n + " from the python peer " + jid
                            + "; events: " + events);
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
        process.close();
    }
}
