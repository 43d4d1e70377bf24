package org.sotto.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.ConversationSummary;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.testkit.ProsodyServer;

/**
 * One person's CLI for tests: an encrypted profile in its own directory, the test server pinned, the password given
 * on every run (used only until the profile knows the account).
 */
record CliProfile(ProsodyServer server, String jid, String password, Path profile) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One run's exit code, its JSON lines and what it wrote to standard error. */
    record Run(int code, List<JsonNode> lines, String err) {
        JsonNode last() {
            return lines.get(lines.size() - 1);
        }

        List<JsonNode> ofType(String type) {
            return lines.stream().filter(l -> l.get("type").asText().equals(type)).toList();
        }
    }

    Run run(String... command) {
        return runAt(TestServers.address(server), command);
    }

    /** A run against another address (e.g. one where nothing listens). */
    Run runAt(String hostAndPort, String... command) {
        List<String> args = new ArrayList<>(List.of("--jid", jid, "--profile", profile.toString(),
                "--passphrase-env", "PP", "--password-env", "PW", "--server", hostAndPort,
                "--pin", TestServers.pin(server)));
        args.addAll(List.of(command));
        Map<String, String> env = Map.of("PP", passphrase(), "PW", password);
        return run((out, err) -> new SottoCli(new ByteArrayInputStream(new byte[0]), out, err, env),
                args.toArray(String[]::new));
    }

    /** Runs a command line; {@code cli} is given the streams it prints to. */
    static Run run(CliFactory cli, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = cli.create(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Run(code, lines(out.toString(StandardCharsets.UTF_8)), err.toString(StandardCharsets.UTF_8));
    }

    /** A command line with its input and environment, waiting for its output streams. */
    interface CliFactory {
        SottoCli create(PrintStream out, PrintStream err);
    }

    private static List<JsonNode> lines(String printed) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : printed.split("\n")) {
            if (!line.isBlank()) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("not a JSON line: " + line, e);
                }
            }
        }
        return lines;
    }

    String passphrase() {
        return "passphrase of " + jid;
    }

    /** What the profile holds of the conversation, read through the API with the CLI closed. */
    List<ChatMessage> stored(String peer) {
        try (SottoProfile open = unlock()) {
            return account(open).chats().history(peer, Optional.empty(), 100).join();
        }
    }

    /** How many of the profile's messages wait to be sent (stored, queued, not yet acknowledged by the server). */
    int queued() {
        try (SottoProfile open = unlock()) {
            Account account = account(open);
            int pending = 0;
            for (ConversationSummary chat : account.chats().conversationSummaries().join()) {
                pending += (int) account.chats().history(chat.peer(), Optional.empty(), 1000).join().stream()
                        .filter(m -> m.status() == MessageStatus.PENDING).count();
            }
            return pending;
        }
    }

    private SottoProfile unlock() {
        return Profiles.unlock(profile, passphrase().toCharArray(), ProfileOptions.defaults().withConnectOnOpen(false));
    }

    private Account account(SottoProfile open) {
        return open.accounts().find(jid).orElseThrow(() -> new AssertionError(jid + " is not in the profile"));
    }
}
