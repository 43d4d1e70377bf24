package org.sotto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sotto.cli.CliProfile.Run;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/** Group chats from the command line: create, join, send (OMEMO in a members-only room), history, members. */
class SottoCliRoomsTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    @Test
    void aPrivateRoomIsCreatedJoinedAndWrittenToEncrypted(@TempDir Path temp) {
        ProsodyServer server = PROSODY.server();
        CliProfile alice = new CliProfile(server, server.register("alice", "alice-pw"), "alice-pw", temp.resolve("alice"));
        CliProfile bob = new CliProfile(server, server.register("bob", "bob-pw"), "bob-pw", temp.resolve("bob"));
        String room = "cli-room@" + ProsodyServer.MUC_DOMAIN;
        assertEquals(0, bob.run("contacts").code()); // bob's first run publishes his OMEMO device

        Run created = alice.run("room-create", room, "--name", "The CLI room", "--member", bob.jid());
        assertEquals(0, created.code(), created.err() + created.lines());
        assertEquals("room-created", created.last().get("type").asText());
        assertTrue(created.last().get("membersOnly").asBoolean() && created.last().get("nonAnonymous").asBoolean());
        assertEquals(1, alice.run("room-create", room).code(), "the room exists now");

        Run joined = bob.run("room-join", "--nick", "bobby", room);
        assertEquals(0, joined.code(), joined.err() + joined.lines());
        assertEquals("bobby", joined.last().get("nickname").asText());

        Run sent = alice.run("room-send", room, "hello", "room");
        assertEquals(0, sent.code(), sent.err() + sent.lines());
        assertEquals("sent", sent.last().get("type").asText());
        assertEquals("groupchat", sent.last().get("kind").asText());
        assertTrue(sent.last().get("encryption").asText().startsWith("e2ee_"), sent.last().toString());

        Run history = bob.run("room-history", room);
        assertEquals(0, history.code(), history.err() + history.lines());
        List<JsonNode> hello = history.ofType("message").stream()
                .filter(m -> m.get("body").asText().equals("hello room")).toList();
        assertEquals(1, hello.size(), history.lines().toString());
        assertTrue(hello.get(0).get("encryption").asText().startsWith("e2ee_"), hello.toString());

        Run members = alice.run("room-members", room);
        assertEquals(0, members.code(), members.err() + members.lines());
        JsonNode self = members.ofType("occupant").stream().filter(o -> o.path("self").asBoolean()).findFirst()
                .orElseThrow(() -> new AssertionError(members.lines().toString()));
        assertEquals("alice", self.get("nickname").asText());
        assertEquals("owner", self.get("affiliation").asText());

        for (String[] bad : List.of(new String[] {"room-send", room}, new String[] {"room-join"},
                new String[] {"room-create", "--open"}, new String[] {"room-history", room, "0"},
                new String[] {"room-members", "not a room"})) {
            Run refused = alice.run(bad);
            assertEquals(2, refused.code(), refused.lines().toString());
            assertEquals("usage", refused.last().get("reason").asText());
        }
    }
}
