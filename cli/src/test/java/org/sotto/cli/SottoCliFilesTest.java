package org.sotto.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sotto.cli.CliProfile.Run;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/** Files from the command line: sent encrypted, listed and downloaded by the other side, refused without OMEMO. */
class SottoCliFilesTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    @Test
    void aFileGoesEncryptedAndComesBackIdentical(@TempDir Path temp) throws IOException {
        ProsodyServer server = PROSODY.server();
        CliProfile alice = new CliProfile(server, server.register("alice", "alice-pw"), "alice-pw", temp.resolve("alice"));
        CliProfile bob = new CliProfile(server, server.register("bob", "bob-pw"), "bob-pw", temp.resolve("bob"));
        String dave = server.register("dave", "dave-pw"); // no OMEMO
        assertEquals(0, bob.run("contacts").code()); // bob's first run publishes his OMEMO device
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        Path photo = Files.write(temp.resolve("holiday.jpg"), content);

        Run sent = alice.run("file-send", bob.jid(), photo.toString());
        assertEquals(0, sent.code(), sent.err() + sent.lines());
        JsonNode line = sent.last();
        assertEquals("file-sent", line.get("type").asText());
        assertEquals("holiday.jpg", line.get("name").asText());
        assertEquals(content.length, line.get("size").asLong());
        assertEquals("image/jpeg", line.get("mediaType").asText());

        Run listed = bob.run("files");
        assertEquals(0, listed.code(), listed.err() + listed.lines());
        List<JsonNode> files = listed.ofType("file");
        assertEquals(1, files.size(), listed.lines().toString());
        assertEquals(alice.jid(), files.get(0).get("peer").asText());
        String key = files.get(0).get("messageKey").asText();

        Path out = temp.resolve("received.jpg");
        Run downloaded = bob.run("file-download", key, "--to", out.toString());
        assertEquals(0, downloaded.code(), downloaded.err() + downloaded.lines());
        assertEquals("file-downloaded", downloaded.last().get("type").asText());
        assertArrayEquals(content, Files.readAllBytes(out));

        Run refused = alice.run("file-send", dave, photo.toString());
        assertEquals(1, refused.code(), refused.lines().toString());
        assertEquals("encryption_blocked", refused.last().get("reason").asText(), refused.last().toString());

        Run missing = alice.run("file-send", bob.jid(), temp.resolve("nothing-here").toString());
        assertEquals(2, missing.code());
        assertEquals("usage", missing.last().get("reason").asText());
    }
}
