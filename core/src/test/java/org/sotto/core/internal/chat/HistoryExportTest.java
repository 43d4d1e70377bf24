package org.sotto.core.internal.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.chat.HistoryFormat;
import org.sotto.core.internal.Sotto;
import org.sotto.core.internal.SottoOptions;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.persistence.memory.InMemoryPersistence;

/**
 * A chat exported as text and as JSON: every message once, oldest first, across more than two pages; the file only
 * for its owner, an old one replaced, and nothing left behind when the export cannot be written.
 */
class HistoryExportTest {
    private static final String ME = "me@example.org";
    private static final String FRIEND = "friend@example.org";
    private static final int MESSAGES = 2 * HistoryExport.PAGE + 7;

    @Test
    void exportsEveryMessageOnceOldestFirstAsTextAndJson(@TempDir Path dir) throws Exception {
        try (Sotto sotto = Sotto.start(new InMemoryPersistence(), SottoOptions.defaults())) {
            AccountSession session = sotto.accounts().add(AccountRecord.of(ME), "pw"); // offline: sends are stored
            List<CompletableFuture<?>> sends = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                sends.add(session.chats().send(FRIEND, i == 3 ? "three\nlines\nhere" : "m" + i));
            }
            for (CompletableFuture<?> send : sends) {
                send.get(30, TimeUnit.SECONDS);
            }
            session.chats().send("other@example.org", "not this chat").get(5, TimeUnit.SECONDS);

            Path text = dir.resolve("friend.txt");
            Files.writeString(text, "an older export");
            assertEquals(MESSAGES, session.chats().exportHistory(FRIEND, text, HistoryFormat.TEXT).get(30, TimeUnit.SECONDS));
            List<String> lines = Files.readAllLines(text, StandardCharsets.UTF_8);
            assertTrue(lines.get(0).startsWith("Chat with " + FRIEND), lines.get(0));
            List<String> messages = lines.subList(2, lines.size());
            assertEquals(MESSAGES + 2, messages.size(), "one line each, two more for the message of three lines");
            assertTrue(messages.get(0).endsWith(" " + ME + ": m0"), messages.get(0));
            assertTrue(messages.get(3).endsWith(": three"), messages.get(3));
            assertEquals(List.of("    lines", "    here"), messages.subList(4, 6));
            assertTrue(messages.get(messages.size() - 1).endsWith(": m" + (MESSAGES - 1)));
            assertTrue(lines.stream().noneMatch(line -> line.contains("not this chat")));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(text)));

            Path json = dir.resolve("friend.json");
            assertEquals(MESSAGES, session.chats().exportHistory(FRIEND, json, HistoryFormat.JSON).get(30, TimeUnit.SECONDS));
            JsonNode root = new ObjectMapper().readTree(json.toFile());
            assertEquals(FRIEND, root.get("chat").asText());
            assertEquals(MESSAGES, root.get("messages").size());
            assertEquals("m0", root.get("messages").get(0).get("body").asText());
            assertEquals("three\nlines\nhere", root.get("messages").get(3).get("body").asText());
            assertEquals("outgoing", root.get("messages").get(0).get("direction").asText());
            assertEquals("m" + (MESSAGES - 1), root.get("messages").get(MESSAGES - 1).get("body").asText());
            assertEquals(2, Files.list(dir).count(), "no partial file left: " + Files.list(dir).toList());

            Path empty = dir.resolve("nobody.txt");
            assertEquals(0, session.chats().exportHistory("nobody@example.org", empty, HistoryFormat.TEXT)
                    .get(5, TimeUnit.SECONDS));

            Path nowhere = dir.resolve("missing").resolve("x.json");
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> session.chats().exportHistory(FRIEND, nowhere, HistoryFormat.JSON).get(5, TimeUnit.SECONDS));
            assertInstanceOf(UncheckedIOException.class, failed.getCause());
            assertThrows(IllegalArgumentException.class, () -> session.chats().exportHistory("not a jid", json,
                    HistoryFormat.TEXT));
        }
    }
}
