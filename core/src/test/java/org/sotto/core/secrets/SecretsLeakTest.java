package org.sotto.core.secrets;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_16BE;
import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.file.Attachment;
import org.sotto.core.api.file.TransferState;
import org.sotto.core.internal.testing.Await;
import org.sotto.store.Profile;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * A scripted session — two profiles created with passphrases, two accounts signed in with passwords on a real
 * Prosody, an OMEMO exchange both ways and a shared file — while every log record (JUL, every logger at ALL),
 * everything printed to stdout/stderr, every file in both profiles and every file written under
 * {@code java.io.tmpdir} during the run (the test server's data and log included) are collected. None of them may
 * hold a passphrase, a password, a message body, the file's content, an identity key or a database key, in UTF-8,
 * UTF-16, hex or base64. The only place these live is the encrypted database (scanned as bytes too: it is
 * encrypted, so they must not show there either). The server legitimately receives the passwords (hashed by
 * Prosody), so its files are checked for everything else.
 */
class SecretsLeakTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    private static final long MAX_SCANNED_FILE = 64L * 1024 * 1024;

    @Test
    void noSecretLeavesTheEncryptedDatabase(@TempDir Path temp) throws Exception {
        Instant started = Instant.now().minusSeconds(1);
        ProsodyServer server = PROSODY.server();
        String alicePassword = "pw-" + UUID.randomUUID();
        String bobPassword = "pw-" + UUID.randomUUID();
        String alicePassphrase = "passphrase-" + UUID.randomUUID();
        String bobPassphrase = "passphrase-" + UUID.randomUUID();
        String toBob = "body-to-bob-" + UUID.randomUUID();
        String toAlice = "body-to-alice-" + UUID.randomUUID();
        String fileContent = "file-content-" + UUID.randomUUID();
        String alice = server.register("alice", alicePassword);
        String bob = server.register("bob", bobPassword);
        Path aliceDir = temp.resolve("alice");
        Path bobDir = temp.resolve("bob");
        Path outside = Files.createDirectories(temp.resolve("user-files"));
        Path original = Files.writeString(outside.resolve("notes.txt"), fileContent.repeat(20));

        Capture capture = Capture.start();
        try {
            ProfileOptions options = ProfileOptions.defaults().withCertificateTrust(server.certificate().trustManager())
                    .withReconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1)).withConnectOnOpen(false);
            char[] aliceFirst = alicePassphrase.toCharArray();
            char[] aliceRepeated = alicePassphrase.toCharArray();
            try (SottoProfile aliceProfile = Profiles.create(aliceDir, aliceFirst, aliceRepeated, options);
                 SottoProfile bobProfile = Profiles.create(bobDir, bobPassphrase.toCharArray(),
                         bobPassphrase.toCharArray(), options)) {
                assertTrue(isWiped(aliceFirst) && isWiped(aliceRepeated), "the passphrase arrays are wiped once read");
                Account a = online(aliceProfile, server, alice, alicePassword);
                Account b = online(bobProfile, server, bob, bobPassword);
                b.files().setAutoDownloadLimit(0); // bob downloads when he asks

                ChatMessage sent = Await.done(a.chats().send(bob, toBob));
                assertTrue(sent.encryption().name().startsWith("E2EE_"), "sent encrypted: " + sent.encryption());
                Await.until("bob has alice's message", () -> history(b, alice).stream()
                        .anyMatch(m -> m.body().equals(toBob)));
                assertTrue(history(b, alice).stream().filter(m -> m.body().equals(toBob))
                        .allMatch(m -> m.encryption() != Encryption.PLAINTEXT), "received encrypted");
                Await.done(b.chats().send(alice, toAlice));
                Await.until("alice has bob's answer", () -> history(a, bob).stream()
                        .anyMatch(m -> m.body().equals(toAlice)));

                Attachment shared = Await.done(a.files().send(bob, List.of(original)).get(0).result());
                assertEquals(TransferState.DONE, shared.state());
                Await.until("bob has the file's message", () -> history(b, alice).stream()
                        .anyMatch(m -> m.attachment().isPresent()));
                ChatMessage withFile = history(b, alice).stream().filter(m -> m.attachment().isPresent())
                        .findFirst().orElseThrow();
                assertEquals(TransferState.DONE, Await.done(b.files().download(withFile.key()).result()).state());
                Await.done(a.drain());
                Await.done(b.drain());
            }
            char[] again = alicePassphrase.toCharArray();
            try (SottoProfile reopened = Profiles.unlock(aliceDir, again, options)) {
                assertTrue(isWiped(again), "the passphrase array is wiped after unlocking");
            }
        } finally {
            capture.stop();
        }

        Map<String, List<byte[]>> secrets = new LinkedHashMap<>();
        for (String text : List.of(alicePassphrase, bobPassphrase, alicePassword, bobPassword, toBob, toAlice, fileContent)) {
            secrets.put(text, encodings(text));
        }
        secrets.put("alice's identity key", encodings(identitySeed(aliceDir, alicePassphrase, alice)));
        secrets.put("bob's identity key", encodings(identitySeed(bobDir, bobPassphrase, bob)));
        secrets.put("alice's database key", encodings(databaseKey(aliceDir, alicePassphrase)));
        secrets.put("bob's database key", encodings(databaseKey(bobDir, bobPassphrase)));

        List<String> control = new ArrayList<>();
        check("the user's own file", read(original), secrets, control);
        assertEquals(List.of(fileContent + " in the user's own file"), control, "the search finds what is there");

        List<String> leaks = new ArrayList<>();
        String logs = capture.text();
        assertTrue(logs.length() > 0, "the session logged something, so the search had something to search");
        check("the log records and console output", logs.getBytes(UTF_8), secrets, leaks);
        List<Path> scanned = new ArrayList<>();
        for (Path dir : List.of(aliceDir, bobDir)) {
            for (Path file : files(dir, Instant.EPOCH)) {
                scanned.add(file);
                check(file.toString(), Files.readAllBytes(file), secrets, leaks);
            }
        }
        Path serverDir = server.directory().toRealPath();
        for (Path file : files(Path.of(System.getProperty("java.io.tmpdir")).toRealPath(), started)) {
            if (file.startsWith(temp.toRealPath()) || file.startsWith(outside)) {
                continue; // the profiles are scanned above; the user's own file is outside Sotto's care
            }
            Map<String, List<byte[]>> relevant = new LinkedHashMap<>(secrets);
            if (file.startsWith(serverDir)) {
                relevant.remove(alicePassword); // the server is given the passwords; it stores them hashed
                relevant.remove(bobPassword);
            }
            scanned.add(file);
            check(file.toString(), read(file), relevant, leaks);
        }
        assertTrue(scanned.stream().anyMatch(f -> f.getFileName().toString().equals(Profile.DATABASE_FILE)));
        assertTrue(scanned.stream().anyMatch(f -> f.startsWith(serverDir)), "the server's files were scanned");
        Path bobFiles = bobDir.resolve("files");
        assertTrue(scanned.stream().anyMatch(f -> f.startsWith(bobFiles)), "the shared file's local copy was scanned");
        assertEquals(List.of(), leaks);
    }

    private static Account online(SottoProfile profile, ProsodyServer server, String jid, String password) {
        Account account = profile.accounts().add(AccountRecord.of(jid).withServer(server.host(), server.c2sPort()), password);
        assertInstanceOf(ConnectionState.Online.class, account.connect().orTimeout(20, TimeUnit.SECONDS).join());
        return account;
    }

    private static List<ChatMessage> history(Account account, String peer) {
        return Await.done(account.chats().history(peer, Optional.empty(), 20));
    }

    private static boolean isWiped(char[] chars) {
        for (char c : chars) {
            if (c != 0) {
                return false;
            }
        }
        return true;
    }

    /** The account's identity seed (the Ed25519 private key), read from the closed profile through the store. */
    private static byte[] identitySeed(Path dir, String passphrase, String jid) {
        try (Profile profile = Profile.unlock(dir, passphrase.toCharArray())) {
            long account = profile.database().accounts().find(jid).orElseThrow().id();
            return profile.database().omemo().identities().find(account).orElseThrow().identitySeed();
        }
    }

    /** The database key as the store derives it (Argon2id over the passphrase with the header's salt and cost). */
    private static byte[] databaseKey(Path dir, String passphrase) throws IOException {
        String header = Files.readString(dir.resolve(Profile.HEADER_FILE));
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(Base64.getDecoder().decode(field(header, "salt")))
                .withMemoryAsKB(Integer.parseInt(field(header, "memoryKiB")))
                .withIterations(Integer.parseInt(field(header, "iterations")))
                .withParallelism(Integer.parseInt(field(header, "parallelism")))
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] key = new byte[32];
        generator.generateBytes(passphrase.getBytes(UTF_8), key);
        return key;
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}\\s]+)").matcher(json);
        assertTrue(m.find(), name + " in the header");
        return m.group(1);
    }

    /** The file's bytes; nothing when another process removed it meanwhile (java.io.tmpdir is shared). */
    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static List<byte[]> encodings(String text) {
        return List.of(text.getBytes(UTF_8), text.getBytes(UTF_16LE), text.getBytes(UTF_16BE));
    }

    private static List<byte[]> encodings(byte[] key) {
        HexFormat hex = HexFormat.of();
        return List.of(key, hex.formatHex(key).getBytes(US_ASCII), hex.withUpperCase().formatHex(key).getBytes(US_ASCII),
                Base64.getEncoder().withoutPadding().encodeToString(key).getBytes(US_ASCII),
                Base64.getUrlEncoder().withoutPadding().encodeToString(key).getBytes(US_ASCII));
    }

    private static void check(String where, byte[] content, Map<String, List<byte[]>> secrets, List<String> leaks) {
        secrets.forEach((name, needles) -> {
            for (byte[] needle : needles) {
                if (indexOf(content, needle) >= 0) {
                    leaks.add(name + " in " + where);
                    return;
                }
            }
        });
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Regular files under {@code dir} modified since {@code since} that this process may read. */
    private static List<Path> files(Path dir, Instant since) throws IOException {
        FileTime after = FileTime.from(since);
        List<Path> found = new ArrayList<>();
        try (Stream<Path> walk = Files.find(dir, 12, (path, attributes) -> attributes.isRegularFile()
                && attributes.size() <= MAX_SCANNED_FILE && attributes.lastModifiedTime().compareTo(after) >= 0)) {
            walk.filter(Files::isReadable).forEach(found::add);
        } catch (UncheckedIOException e) {
            // another process removed a file of its own while walking /tmp: walk again without it
            return files(dir, since);
        }
        return found;
    }

    /** Every JUL record (all loggers at ALL, with parameters and stack traces) and stdout/stderr, while it runs. */
    private static final class Capture extends Handler {
        private final StringBuilder text = new StringBuilder();
        private final Logger root = Logger.getLogger("");
        private final Level rootLevel = root.getLevel();
        private final PrintStream out = System.out;
        private final PrintStream err = System.err;
        private final ByteArrayOutputStream console = new ByteArrayOutputStream();

        static Capture start() {
            Capture capture = new Capture();
            capture.setLevel(Level.ALL);
            capture.root.setLevel(Level.ALL);
            capture.root.addHandler(capture);
            System.setOut(new PrintStream(new Tee(capture.out, capture.console).stream(), true, UTF_8));
            System.setErr(new PrintStream(new Tee(capture.err, capture.console).stream(), true, UTF_8));
            return capture;
        }

        void stop() {
            System.setOut(out);
            System.setErr(err);
            root.removeHandler(this);
            root.setLevel(rootLevel);
        }

        synchronized String text() {
            synchronized (console) {
                return text + console.toString(UTF_8);
            }
        }

        @Override
        public synchronized void publish(LogRecord record) {
            text.append(record.getLoggerName()).append(' ').append(record.getLevel()).append(' ')
                    .append(record.getMessage()).append('\n');
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    text.append("  ").append(parameter).append('\n');
                }
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                text.append(trace).append('\n');
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private record Tee(OutputStream first, ByteArrayOutputStream second) {
        OutputStream stream() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    first.write(b);
                    synchronized (second) {
                        second.write(b);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    first.write(b, off, len);
                    synchronized (second) {
                        second.write(b, off, len);
                    }
                }
            };
        }
    }
}
