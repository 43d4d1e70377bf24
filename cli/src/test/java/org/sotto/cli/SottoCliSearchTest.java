package org.sotto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sotto.cli.CliProfile.Run;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/** {@code search} over the profile's full-text index: every word, newest first, per chat or all, also offline. */
class SottoCliSearchTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    private static List<String> bodies(Run run) {
        return run.ofType("message").stream().map(m -> m.get("body").asText()).toList();
    }

    @Test
    void searchFindsStoredMessagesNewestFirstInOneChatOrAll(@TempDir Path temp) throws IOException {
        ProsodyServer server = PROSODY.server();
        CliProfile alice = new CliProfile(server, server.register("alice", "alice-pw"), "alice-pw", temp.resolve("alice"));
        String dave = server.register("dave", "dave-pw");
        String erin = server.register("erin", "erin-pw");
        assertEquals(0, alice.run("send", "--plaintext", dave, "the", "blue", "bicycle").code());
        assertEquals(0, alice.run("send", "--plaintext", erin, "bicycle", "repair", "tomorrow").code());
        assertEquals(0, alice.run("send", "--plaintext", dave, "a", "red", "bicycle", "too").code());
        assertEquals(0, alice.run("send", "--plaintext", dave, "nothing", "to", "find", "here").code());

        Run all = alice.run("search", "bicycle");
        assertEquals(0, all.code(), all.err() + all.lines());
        assertEquals(List.of("a red bicycle too", "bicycle repair tomorrow", "the blue bicycle"), bodies(all));
        JsonNode newest = all.ofType("message").get(0);
        assertEquals(dave, newest.get("peer").asText(), "each hit names its chat");
        assertEquals("outgoing", newest.get("direction").asText());
        assertEquals("plaintext", newest.get("encryption").asText());

        assertEquals(List.of("a red bicycle too", "the blue bicycle"), bodies(alice.run("search", "bicycle", "--chat", dave)));
        assertEquals(List.of("a red bicycle too"), bodies(alice.run("search", "--limit", "1", "bicycle")));
        assertEquals(List.of("the blue bicycle"), bodies(alice.run("search", "blue", "bicy")), "every word, the last as a prefix");
        assertTrue(bodies(alice.run("search", "unicycle")).isEmpty());

        // from the profile while the server cannot be reached, after the connection line
        String down;
        try (ServerSocket socket = new ServerSocket(0)) {
            down = "127.0.0.1:" + socket.getLocalPort();
        }
        Run offline = alice.runAt(down, "search", "repair");
        assertEquals(0, offline.code(), offline.err() + offline.lines());
        assertEquals("reconnecting", offline.ofType("connection").get(0).get("state").asText());
        assertEquals(List.of("bicycle repair tomorrow"), bodies(offline));

        // usage, checked before anything opens
        for (String[] bad : List.of(new String[] {"search"}, new String[] {"search", "--chat", dave},
                new String[] {"search", "x", "--limit", "0"}, new String[] {"search", "x", "--chat", "not a jid"},
                new String[] {"search", "x", "--limit"})) {
            Run refused = alice.run(bad);
            assertEquals(2, refused.code(), refused.lines().toString());
            assertEquals(List.of("usage"), refused.lines().stream().map(l -> l.get("reason").asText()).toList());
        }
    }
}
