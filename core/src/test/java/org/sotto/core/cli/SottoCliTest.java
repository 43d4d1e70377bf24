package org.sotto.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sotto.core.account.AccountSession;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.connection.CertificateFingerprints;
import org.sotto.core.testing.Await;
import org.sotto.core.testing.TestSotto;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

class SottoCliTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Run(int code, List<JsonNode> lines, String err) {
    }

    private static String[] args(ProsodyServer server, String jid, String... command) {
        List<String> all = new ArrayList<>(List.of("--jid", jid, "--server", server.host() + ":" + server.c2sPort(),
                "--pin", CertificateFingerprints.sha256(server.certificate().certificate())));
        all.addAll(List.of(command));
        return all.toArray(String[]::new);
    }

    private static Run run(java.io.InputStream stdin, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // the real system trust store plus the pinned test certificate, as a user would run it
        int code = new SottoCli(stdin, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, ProfileOptions.defaults(), !inProfile(args)).run(args);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("not a JSON line: " + line, e);
                }
            }
        }
        return new Run(code, lines, err.toString(StandardCharsets.UTF_8));
    }

    /** Runs with {@code --profile} use the encrypted profile; the others keep everything in memory. */
    private static boolean inProfile(String... args) {
        return List.of(args).contains("--profile");
    }

    private static ByteArrayInputStream stdin(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sendPrintsTheMessageOnceTheServerHasItAndFollowPrintsIncomingMessages() throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "alice-pw");
        String bob = server.register("bob", "bob-pw");
        try (TestSotto bobDevice = TestSotto.start(server)) {
            AccountSession bobSession = bobDevice.online(bob, "bob-pw");

            Run send = run(stdin("alice-pw\n"), Map.of(), args(server, alice, "send", "--plaintext", bob, "hello", "from", "the", "cli"));
            assertEquals(0, send.code(), send.err());
            JsonNode sent = send.lines().get(send.lines().size() - 1);
            assertEquals("plaintext", sent.get("encryption").asText());
            assertEquals("sent", sent.get("type").asText());
            assertEquals("hello from the cli", sent.get("body").asText());
            assertTrue(List.of("sent", "delivered").contains(sent.get("status").asText()), sent.toString()); // bob's receipt may be first
            bobDevice.await(MessageAdded.class, e -> e.message().body().equals("hello from the cli"));

            // bob writes while alice's CLI is not running; following picks it up (archive catch-up) and then stops
            Await.done(bobSession.chats().send(alice, "bob writes to the cli"));
            PipedOutputStream keepOpen = new PipedOutputStream();
            PipedInputStream followIn = new PipedInputStream(keepOpen);
            Run followed = Await.done(CompletableFuture.supplyAsync(() ->
                    run(followIn, Map.of("ALICE_PW", "alice-pw"), argsWithEnv(server, alice))));
            keepOpen.close();
            assertEquals(0, followed.code(), followed.err());
            assertTrue(followed.lines().stream().anyMatch(l -> l.get("type").asText().equals("connection")
                    && l.get("state").asText().equals("online")), followed.lines().toString());
            assertTrue(followed.lines().stream().anyMatch(l -> l.get("type").asText().equals("message")
                    && l.get("body").asText().equals("bob writes to the cli") && l.get("direction").asText().equals("incoming")),
                    followed.lines().toString());
        }
    }

    private static String[] argsWithEnv(ProsodyServer server, String jid) {
        return new String[] {"--jid", jid, "--password-env", "ALICE_PW", "--server", server.host() + ":" + server.c2sPort(),
                "--pin", CertificateFingerprints.sha256(server.certificate().certificate()), "follow", "--count", "1"};
    }

    @Test
    void aWrongPasswordIsAJsonConnectionFailureAndBadUsageExitsWithTwo() {
        ProsodyServer server = PROSODY.server();
        String carol = server.register("carol", "carol-pw");
        Run wrong = run(stdin("nope\n"), Map.of(), args(server, carol, "contacts"));
        assertEquals(1, wrong.code());
        JsonNode failure = wrong.lines().get(0);
        assertEquals("failed", failure.get("state").asText());
        assertEquals("not_authorized", failure.get("reason").asText());

        Run usage = run(stdin(""), Map.of(), "--jid", carol);
        assertEquals(2, usage.code());
        assertTrue(usage.err().contains("usage:"), usage.err());
        assertEquals("usage", usage.lines().get(0).get("reason").asText());

        // usage is checked before anything connects: no connection line, at once
        for (String[] bad : List.of(new String[] {"--jid", carol, "histroy", "x@y"}, new String[] {"--jid", "not a jid", "chats"},
                new String[] {"--jid", carol, "history"}, new String[] {"--jid", carol, "trust", "x@y", "zero"},
                new String[] {"--jid", carol, "verify", "xmpp:x@y?omemo-sid-1=nothex"})) {
            Run refused = run(stdin("pw\n"), Map.of(), bad);
            assertEquals(2, refused.code(), refused.err());
            assertEquals(List.of("error"), refused.lines().stream().map(l -> l.get("type").asText()).toList());
            assertEquals("usage", refused.lines().get(0).get("reason").asText());
        }
    }

    @Test
    void aProfileKeepsTheAccountAndItsMessagesBetweenRunsBehindItsPassphrase(@TempDir Path temp) {
        ProsodyServer server = PROSODY.server();
        String dave = server.register("dave", "dave-pw-123");
        String erin = server.register("erin", "erin-pw");
        String profile = temp.resolve("profile").toString();
        Map<String, String> env = Map.of("SOTTO_PP", "dave's profile passphrase");

        // a first run whose login fails leaves no profile behind
        List<String> refused = new ArrayList<>(List.of("--profile", profile, "--passphrase-env", "SOTTO_PP"));
        refused.addAll(List.of(args(server, dave, "contacts")));
        Run failed = run(stdin("not dave's password\n"), env, refused.toArray(String[]::new));
        assertEquals(1, failed.code(), failed.err());
        assertFalse(java.nio.file.Files.exists(Path.of(profile)), "the profile created for the failed login is gone");

        // first run: the profile is created, the password comes from stdin once and is kept in the profile
        List<String> send = new ArrayList<>(List.of("--profile", profile, "--passphrase-env", "SOTTO_PP"));
        send.addAll(List.of(args(server, dave, "send", "--plaintext", erin, "kept", "in", "the", "profile")));
        Run first = run(stdin("dave-pw-123\n"), env, send.toArray(String[]::new));
        assertEquals(0, first.code(), first.err());

        // second run: no password given; the history comes from the profile
        Run second = run(stdin(""), env, "--jid", dave, "--profile", profile, "--passphrase-env", "SOTTO_PP", "history", erin);
        assertEquals(0, second.code(), second.err());
        assertTrue(second.lines().stream().anyMatch(l -> l.get("type").asText().equals("message")
                && l.get("body").asText().equals("kept in the profile")), second.lines().toString());

        // the passphrase may also be the first line of stdin; a wrong one is a JSON error, and nothing secret is printed
        Run wrong = run(stdin("not the passphrase\n"), Map.of(), "--jid", dave, "--profile", profile, "history", erin);
        assertEquals(1, wrong.code());
        assertEquals("error", wrong.lines().get(0).get("type").asText());
        assertEquals("wrong_passphrase", wrong.lines().get(0).get("reason").asText());
        Run right = run(stdin("dave's profile passphrase\n"), Map.of(), "--jid", dave, "--profile", profile, "chats");
        assertEquals(0, right.code(), right.err());

        // a malformed pin for the known account is a usage error, before the profile opens
        Run badPin = run(stdin(""), env, "--jid", dave, "--profile", profile, "--passphrase-env", "SOTTO_PP",
                "--pin", "not-hex", "chats");
        assertEquals(2, badPin.code());
        assertTrue(badPin.err().contains("not a SHA-256 fingerprint"), badPin.err());
        for (Run run : List.of(failed, first, second, wrong, right)) {
            String printed = run.lines() + run.err();
            assertFalse(printed.contains("dave-pw-123") || printed.contains("profile passphrase"), printed);
        }
    }
}
