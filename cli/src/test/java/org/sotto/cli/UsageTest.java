package org.sotto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sotto.cli.CliProfile.Run;

/**
 * Usage is decided by the arguments alone: every mistake below is one {@code usage} line and exit 2, with no
 * server anywhere and no profile opened or created.
 */
class UsageTest {
    private static Run run(Path profile, String... args) {
        List<String> all = new ArrayList<>(List.of("--profile", profile.toString(), "--passphrase-env", "PP"));
        all.addAll(List.of(args));
        return CliProfile.run((out, err) -> new SottoCli(new ByteArrayInputStream("pw\n".getBytes(StandardCharsets.UTF_8)),
                out, err, Map.of("PP", "a passphrase")), all.toArray(String[]::new));
    }

    @Test
    void mistakesAreUsageErrorsBeforeAProfileOpens(@TempDir Path temp) {
        Path profile = temp.resolve("profile");
        String me = "alice@example.org";
        List<String[]> mistakes = List.of(
                new String[] {"chats"},                                      // no --jid
                new String[] {"--jid", me},                                   // no command
                new String[] {"--jid", me, "--server"},                       // an option without its value
                new String[] {"--jid", me, "--colour", "red", "chats"},       // an unknown option
                new String[] {"--jid", me, "--server", "host:0", "chats"},
                new String[] {"--jid", me, "--pin", "AB:CD", "chats"},
                new String[] {"--jid", "not an address", "chats"},
                new String[] {"--jid", me, "histroy", "bob@example.org"},
                new String[] {"--jid", me, "history"},
                new String[] {"--jid", me, "history", "bob@example.org", "0"},
                new String[] {"--jid", me, "history", "bob@example.org", "5", "6"},
                new String[] {"--jid", me, "search"},
                new String[] {"--jid", me, "search", "--limit", "3"},
                new String[] {"--jid", me, "send", "bob@example.org"},
                new String[] {"--jid", me, "send", "--plaintext", "bob@example.org"},
                new String[] {"--jid", me, "send", "not an address", "hello"},
                new String[] {"--jid", me, "plaintext", "bob@example.org", "maybe"},
                new String[] {"--jid", me, "devices", "a@b", "c@d"},
                new String[] {"--jid", me, "remove-device", "-1"},
                new String[] {"--jid", me, "trust", "bob@example.org"},
                new String[] {"--jid", me, "distrust", "bob@example.org", "zero"},
                new String[] {"--jid", me, "verify", "https://example.org"},
                new String[] {"--jid", me, "verify", "xmpp:bob@example.org?omemo-sid-1=nothex"},
                new String[] {"--jid", me, "follow", "--count"},
                new String[] {"--jid", me, "follow", "--count", "none"});
        for (String[] mistake : mistakes) {
            Run refused = run(profile, mistake);
            String what = String.join(" ", mistake) + " → " + refused.lines();
            assertEquals(2, refused.code(), what);
            assertEquals(1, refused.lines().size(), what);
            assertEquals("error", refused.last().get("type").asText(), what);
            assertEquals("usage", refused.last().get("reason").asText(), what);
            assertTrue(refused.err().contains("usage: sotto-cli"), what);
            assertFalse(Files.exists(profile), "no profile for " + what);
        }
    }
}
