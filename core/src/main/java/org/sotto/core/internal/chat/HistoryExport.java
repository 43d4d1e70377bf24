package org.sotto.core.internal.chat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.HistoryFormat;
import org.sotto.core.api.chat.UndecryptableReason;
import org.sotto.core.internal.persistence.MessageLog;

/**
 * Writes one chat's stored messages to a file, oldest first, a page at a time (memory stays bounded by the page for
 * any length of chat): a first pass backwards finds the oldest message, a second writes forwards from it.
 */
final class HistoryExport {
    static final int PAGE = 500;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final MessageLog reads;
    private final String account;
    private final String chat;

    HistoryExport(MessageLog reads, String account, String chat) {
        this.reads = reads;
        this.account = account;
        this.chat = chat;
    }

    int writeTo(Path target, HistoryFormat format, ZoneId zone) {
        Path absolute = target.toAbsolutePath();
        Path partial = absolute.resolveSibling("." + absolute.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            create(partial);
            int written;
            try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                written = format == HistoryFormat.JSON ? json(out, zone) : text(out, zone);
            }
            try {
                Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the partial file's name starts with a dot and says what it is; nothing more to do
            }
        }
    }

    private static void create(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) { // not a POSIX file system
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("a temporary file of the export exists already: " + file, e);
        }
    }

    /** The key of the chat's oldest message, reading backwards a page at a time. */
    private Optional<ChatMessage> oldest() {
        List<ChatMessage> page = reads.history(account, chat, Optional.empty(), PAGE);
        if (page.isEmpty()) {
            return Optional.empty();
        }
        ChatMessage first = page.get(0);
        while (true) {
            List<ChatMessage> older = reads.before(account, chat, first.key(), PAGE);
            if (older.isEmpty()) {
                return Optional.of(first);
            }
            first = older.get(0);
        }
    }

    private interface Sink {
        void write(ChatMessage message) throws IOException;
    }

    private int forEach(Sink sink) throws IOException {
        Optional<ChatMessage> start = oldest();
        if (start.isEmpty()) {
            return 0;
        }
        ChatMessage last = start.get();
        sink.write(last);
        int count = 1;
        while (true) {
            List<ChatMessage> page = reads.after(account, chat, last.key(), PAGE);
            if (page.isEmpty()) {
                return count;
            }
            for (ChatMessage message : page) {
                sink.write(message);
                count++;
            }
            last = page.get(page.size() - 1);
        }
    }

    private int text(BufferedWriter out, ZoneId zone) throws IOException {
        out.write("Chat with " + chat + " (account " + account + "), exported by Sotto. Times are " + zone.getId() + ".");
        out.newLine();
        out.newLine();
        return forEach(message -> {
            out.write(TIME.format(message.timestamp().atZone(zone)) + " " + message.sender() + ": ");
            String[] lines = shown(message).split("\n", -1);
            out.write(lines[0]);
            out.newLine();
            for (int i = 1; i < lines.length; i++) {
                out.write("    " + lines[i]);
                out.newLine();
            }
        });
    }

    /** What the text export shows for a message: its body, or what it is when it has none to show. */
    private static String shown(ChatMessage message) {
        if (message.retracted()) {
            return "[deleted]";
        }
        if (message.encryption() == Encryption.UNDECRYPTABLE) {
            return "[could not be decrypted: " + message.undecryptable().map(UndecryptableReason::text).orElse("") + "]";
        }
        String body = message.body();
        if (message.attachment().isPresent() && body.isEmpty()) {
            body = "[file: " + message.attachment().get().name() + "]";
        }
        return message.edited() ? body + " [edited]" : body;
    }

    private int json(BufferedWriter out, ZoneId zone) throws IOException {
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("chat", chat);
            json.writeStringField("account", account);
            json.writeStringField("exportedBy", "Sotto");
            json.writeArrayFieldStart("messages");
            int count = forEach(message -> {
                json.writeStartObject();
                json.writeStringField("id", message.key());
                json.writeStringField("time", message.timestamp().toString());
                json.writeStringField("direction", message.direction().name().toLowerCase());
                json.writeStringField("sender", message.sender());
                json.writeStringField("body", message.retracted() ? "" : message.body());
                json.writeStringField("encryption", message.encryption().name().toLowerCase());
                if (message.encryption() == Encryption.UNDECRYPTABLE) {
                    json.writeStringField("undecryptable",
                            message.undecryptable().map(UndecryptableReason::text).orElse(""));
                }
                json.writeStringField("status", message.status().name().toLowerCase());
                json.writeBooleanField("edited", message.edited());
                json.writeBooleanField("deleted", message.retracted());
                if (message.replyToId().isPresent()) {
                    json.writeStringField("replyTo", message.replyToId().get());
                }
                if (message.attachment().isPresent()) {
                    json.writeStringField("file", message.attachment().get().name());
                }
                if (!message.reactions().isEmpty()) {
                    json.writeObjectFieldStart("reactions");
                    for (var entry : message.reactions().entrySet()) {
                        json.writeArrayFieldStart(entry.getKey());
                        for (String emoji : entry.getValue()) {
                            json.writeString(emoji);
                        }
                        json.writeEndArray();
                    }
                    json.writeEndObject();
                }
                json.writeEndObject();
            });
            json.writeEndArray();
            json.writeEndObject();
            return count;
        }
    }
}
