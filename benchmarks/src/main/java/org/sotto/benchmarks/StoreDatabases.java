package org.sotto.benchmarks;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.time.Instant;
import java.util.Comparator;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;

import org.sotto.store.Account;
import org.sotto.store.ConversationKind;
import org.sotto.store.Database;
import org.sotto.store.Direction;
import org.sotto.store.KdfParameters;
import org.sotto.store.Message;
import org.sotto.store.MessageEncryption;
import org.sotto.store.Profile;

/**
 * The two databases the Store benchmarks compare: Sotto's encrypted profile (sqlite-mc, ChaCha20) and the same
 * schema and repositories over plain xerial sqlite-jdbc. xerial shares the package org.sqlite with sqlite-mc, so
 * it cannot sit on the classpath: it is loaded from benchmarks/target/baseline in an isolated class loader and
 * only its java.sql.Connection is used (a JDK interface).
 */
final class StoreDatabases {
    static final String ENCRYPTED = "sqlite-mc-chacha20";
    static final String PLAIN = "xerial-plain";
    static final String[] WORDS = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike "
            + "november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu meet today "
            + "tomorrow train station coffee lunch dinner meeting project deadline report review code build test "
            + "release holiday weekend morning evening night call video photo link file document music movie book").split(" ");

    private StoreDatabases() {
    }

    /** An open database of either kind in {@code dir}, closed with {@link Opened#close()}. */
    record Opened(Database db, AutoCloseable owner) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            owner.close();
        }
    }

    static Opened create(String kind, Path dir) throws Exception {
        if (ENCRYPTED.equals(kind)) {
            // the KDF cost is measured by StoreUnlockBenchmark; here only the database work counts
            Profile profile = Profile.create(dir, "benchmark".toCharArray(),
                    new KdfParameters(KdfParameters.MINIMUM_MEMORY_KIB, 1, 1));
            return new Opened(profile.database(), profile);
        }
        if (PLAIN.equals(kind)) {
            Files.createDirectories(dir);
            Connection connection = xerialDriver().connect("jdbc:sqlite:" + dir.resolve("plain.db"), new Properties());
            Database db = Database.overUnencryptedConnectionForBenchmarks(connection);
            return new Opened(db, db);
        }
        throw new IllegalArgumentException("unknown database kind " + kind);
    }

    private static Driver xerialDriver() throws Exception {
        Path jar = Path.of(System.getProperty("sotto.baseline.jar", "benchmarks/target/baseline/sqlite-jdbc-xerial.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the baseline driver " + jar.toAbsolutePath() + " is missing; build with "
                    + "./bench.sh (it copies org.xerial:sqlite-jdbc there) or set -Dsotto.baseline.jar");
        }
        // parent = platform loader: org.sqlite must come from the xerial jar, not from the shaded sqlite-mc
        @SuppressWarnings("resource") // lives as long as the benchmark fork
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        Driver driver = (Driver) loader.loadClass("org.sqlite.JDBC").getDeclaredConstructor().newInstance();
        if (driver.getClass().getClassLoader() != loader) {
            throw new IllegalStateException("org.sqlite.JDBC did not come from the xerial jar");
        }
        return driver;
    }

    static long conversation(Database db) {
        Account account = db.accounts().add("me@example.org", "pw", null);
        return db.conversations().open(account.id(), "friend@example.org", ConversationKind.CHAT).id();
    }

    /** Inserts {@code count} realistic messages (MAM-like ids, 8–20 words) in transactions of 1 000. */
    static void insertMessages(Database db, long conversation, int count, long seed) {
        Random random = new Random(seed);
        for (int start = 0; start < count; start += 1_000) {
            int from = start;
            db.transaction(() -> {
                for (int i = from; i < Math.min(from + 1_000, count); i++) {
                    db.messages().insert(message(conversation, i, random));
                }
            });
        }
    }

    static Message message(long conversation, int i, Random random) {
        StringBuilder body = new StringBuilder();
        for (int w = 8 + random.nextInt(13); w > 0; w--) {
            body.append(WORDS[random.nextInt(WORDS.length)]).append(w == 1 ? "" : " ");
        }
        boolean incoming = random.nextBoolean();
        return Message.builder(conversation, incoming ? Direction.INCOMING : Direction.OUTGOING,
                        incoming ? "friend@example.org" : "me@example.org", Instant.ofEpochSecond(1_700_000_000L + i))
                .originId("origin-" + i).stanzaId("stanza-" + i).archiveId("archive-" + i, "me@example.org")
                .encryption(MessageEncryption.E2EE_TRUSTED).body(body.toString()).build();
    }

    static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
