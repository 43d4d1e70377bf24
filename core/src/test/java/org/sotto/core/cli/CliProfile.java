package org.sotto.core.cli;

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
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.connection.CertificateFingerprints;
import org.sotto.core.persistence.store.StorePersistence;
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
        return runAt(server.host() + ":" + server.c2sPort(), command);
    }

    /** A run against another address (e.g. one where nothing listens). */
    Run runAt(String hostAndPort, String... command) {
        List<String> args = new ArrayList<>(List.of("--jid", jid, "--profile", profile.toString(),
                "--passphrase-env", "PP", "--password-env", "PW", "--server", hostAndPort,
                "--pin", CertificateFingerprints.sha256(server.certificate().certificate())));
        args.addAll(List.of(command));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new SottoCli(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("PP", passphrase(), "PW", password),
                ProfileOptions.defaults()).run(args.toArray(String[]::new));
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

    String passphrase() {
        return "passphrase of " + jid;
    }

    /** What the profile holds of the conversation, read with the CLI closed. */
    List<ChatMessage> stored(String peer) {
        try (StorePersistence store = StorePersistence.openOrCreate(profile, passphrase().toCharArray())) {
            return store.messages().history(jid, peer, Optional.empty(), 100);
        }
    }

    /** How many stanzas wait in the profile's outbox. */
    int queued() {
        try (StorePersistence store = StorePersistence.openOrCreate(profile, passphrase().toCharArray())) {
            return store.outbox().pending(jid).size();
        }
    }
}
