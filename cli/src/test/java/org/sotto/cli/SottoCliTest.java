package org.sotto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.cli.CliProfile.Run;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

class SottoCliTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    private static final long WAIT_SECONDS = 30;

    private static String[] args(ProsodyServer server, String jid, String... command) {
        List<String> all = new ArrayList<>(List.of("--jid", jid, "--server", TestServers.address(server),
                "--pin", TestServers.pin(server)));
        all.addAll(List.of(command));
        return all.toArray(String[]::new);
    }

    private static Run run(InputStream stdin, Map<String, String> env, String... args) {
        // the real system trust store plus the pinned test certificate, as a user would run it
        return CliProfile.run((out, err) -> new SottoCli(stdin, out, err, env, !inProfile(args)), args);
    }

    /** Runs with {@code --profile} use the encrypted profile; the others keep everything in memory. */
    private static boolean inProfile(String... args) {
        return List.of(args).contains("--profile");
    }

    private static ByteArrayInputStream stdin(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Another Sotto for the other side of a chat, in memory, online, through the API. */
    private static Account online(SottoProfile device, ProsodyServer server, String jid, String password) {
        Account account = device.accounts().add(AccountRecord.of(jid).withServer(server.host(), server.c2sPort())
                .withPinnedCertificate(TestServers.pin(server)), password);
        ConnectionState state = account.connect().orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
        assertTrue(state instanceof ConnectionState.Online, jid + " did not come online: " + state);
        return account;
    }

    @Test
    void sendPrintsTheMessageOnceTheServerHasItAndFollowPrintsIncomingMessages() throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "alice-pw");
        String bob = server.register("bob", "bob-pw");
        try (SottoProfile bobDevice = Profiles.inMemory(ProfileOptions.defaults().withConnectOnOpen(false))) {
            Account bobSession = online(bobDevice, server, bob, "bob-pw");
            BlockingQueue<ChatMessage> atBob = new LinkedBlockingQueue<>();
            bobDevice.subscribe(MessageAdded.class, Optional.of(bob), Runnable::run,
                    added -> added.forEach(e -> atBob.add(e.message())));

            Run send = run(stdin("alice-pw\n"), Map.of(), args(server, alice, "send", "--plaintext", bob, "hello", "from", "the", "cli"));
            assertEquals(0, send.code(), send.err());
            JsonNode sent = send.lines().get(send.lines().size() - 1);
            assertEquals("plaintext", sent.get("encryption").asText());
            assertEquals("sent", sent.get("type").asText());
            assertEquals("hello from the cli", sent.get("body").asText());
            assertTrue(List.of("sent", "delivered").contains(sent.get("status").asText()), sent.toString()); // bob's receipt may be first
            ChatMessage arrived;
            do {
                arrived = atBob.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                assertNotNull(arrived, "bob's Sotto did not get the message");
            } while (!arrived.body().equals("hello from the cli"));

            // bob writes while alice's CLI is not running; following picks it up (archive catch-up) and then stops.
            // Each in-memory run of alice's CLI is a new OMEMO device whose keys are gone afterwards: bob writes in
            // plaintext, by choice
            bobSession.trust().setPlaintext(alice, true);
            bobSession.chats().send(alice, "bob writes to the cli").orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
            PipedOutputStream keepOpen = new PipedOutputStream();
            PipedInputStream followIn = new PipedInputStream(keepOpen);
            Run followed = CompletableFuture.supplyAsync(() ->
                    run(followIn, Map.of("ALICE_PW", "alice-pw"), argsWithEnv(server, alice)))
                    .orTimeout(WAIT_SECONDS * 2, TimeUnit.SECONDS).join();
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
        return new String[] {"--jid", jid, "--password-env", "ALICE_PW", "--server", TestServers.address(server),
                "--pin", TestServers.pin(server), "follow", "--count", "1"};
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
        assertFalse(Files.exists(Path.of(profile)), "the profile created for the failed login is gone");

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
