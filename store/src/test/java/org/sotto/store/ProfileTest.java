package org.sotto.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileTest {
    @TempDir
    Path temp;

    private Path profileWithOneAccount() {
        Path dir = temp.resolve("profile");
        try (Profile profile = TestProfiles.create(dir)) {
            profile.database().accounts().add("alice@example.org", "s3cret-password", "laptop");
        }
        return dir;
    }

    @Test
    void createsAndUnlocksWithOwnerOnlyPermissions() throws Exception {
        Path dir = profileWithOneAccount();
        try (Profile profile = TestProfiles.unlock(dir)) {
            assertEquals("s3cret-password", profile.database().accounts().find("alice@example.org").orElseThrow().password());
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        for (String file : List.of(Profile.DATABASE_FILE, Profile.HEADER_FILE, ProfileLock.FILE)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file))), file);
        }
    }

    @Test
    void wrongPassphraseIsTypedAndChangesNothing() throws Exception {
        Path dir = profileWithOneAccount();
        byte[] before = Files.readAllBytes(dir.resolve(Profile.DATABASE_FILE));
        WrongPassphraseException e = assertThrows(WrongPassphraseException.class,
                () -> Profile.unlock(dir, "correct horse battery stapler".toCharArray()));
        assertFalse(e.getMessage().contains("corrupt"));
        assertThrows(WrongPassphraseException.class, () -> Profile.unlock(dir, new char[0]));
        assertThrows(IllegalArgumentException.class, () -> Profile.create(temp.resolve("empty"), new char[0]));
        assertArrayEquals(before, Files.readAllBytes(dir.resolve(Profile.DATABASE_FILE)));
        // the failed attempt released the lock
        TestProfiles.unlock(dir).close();
    }

    @Test
    void secondOpenFailsFastWithAlreadyOpen() {
        Path dir = profileWithOneAccount();
        try (Profile first = TestProfiles.unlock(dir)) {
            assertThrows(ProfileAlreadyOpenException.class, () -> TestProfiles.unlock(dir));
            assertEquals(1, first.database().accounts().all().size());
        }
        TestProfiles.unlock(dir).close();
    }

    @Test
    void missingOrDamagedHeaderIsAClearErrorAndKeepsTheDatabase() throws Exception {
        Path dir = profileWithOneAccount();
        Path header = dir.resolve(Profile.HEADER_FILE);
        byte[] good = Files.readAllBytes(header);
        byte[] database = Files.readAllBytes(dir.resolve(Profile.DATABASE_FILE));

        Files.delete(header);
        assertThrows(ProfileHeaderException.class, () -> TestProfiles.unlock(dir));
        Files.writeString(header, "{\"format\": 1, \"kdf\": ");
        assertThrows(ProfileHeaderException.class, () -> TestProfiles.unlock(dir));
        Files.writeString(header, new String(good, StandardCharsets.UTF_8).replace("\"format\" : 1", "\"format\" : 7"));
        ProfileHeaderException newer = assertThrows(ProfileHeaderException.class, () -> TestProfiles.unlock(dir));
        assertTrue(newer.getMessage().contains("newer"), newer.getMessage());

        assertArrayEquals(database, Files.readAllBytes(dir.resolve(Profile.DATABASE_FILE)));
        Files.write(header, good);
        TestProfiles.unlock(dir).close();
    }

    @Test
    void truncatedDatabaseIsCorruptNotNewAndIsNotTouched() throws Exception {
        Path dir = profileWithOneAccount();
        Path file = dir.resolve(Profile.DATABASE_FILE);
        try (Profile profile = TestProfiles.unlock(dir)) {
            for (int i = 0; i < 200; i++) {
                profile.database().accounts().add("user" + i + "@example.org", "x".repeat(500), null);
            }
        }
        long size = Files.size(file);
        for (long cut : new long[] {size / 2 / 4096 * 4096, 1000, 0}) {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(cut);
            }
            byte[] damaged = Files.readAllBytes(file);
            assertThrows(CorruptDatabaseException.class, () -> TestProfiles.unlock(dir), "cut at " + cut);
            assertArrayEquals(damaged, Files.readAllBytes(file));
        }
    }

    @Test
    void overwrittenFirstPageIsCorruptNotAWrongPassphrase() throws Exception {
        Path dir = profileWithOneAccount();
        Path file = dir.resolve(Profile.DATABASE_FILE);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(100);
            raf.write(new byte[64]);
        }
        assertThrows(CorruptDatabaseException.class, () -> TestProfiles.unlock(dir));
        assertThrows(WrongPassphraseException.class, () -> Profile.unlock(dir, "nope".toCharArray()));
    }

    @Test
    void missingProfileAndExistingProfileAreTyped() {
        assertThrows(ProfileNotFoundException.class, () -> TestProfiles.unlock(temp.resolve("nothing")));
        Path dir = profileWithOneAccount();
        assertThrows(ProfileExistsException.class, () -> TestProfiles.create(dir));
    }

    @Test
    void passphraseChangeReKeysAndKeepsEveryRow() throws Exception {
        Path dir = profileWithOneAccount();
        char[] next = "a new and longer passphrase".toCharArray();
        try (Profile profile = TestProfiles.unlock(dir)) {
            assertThrows(WrongPassphraseException.class, () -> profile.changePassphrase("wrong".toCharArray(), next.clone()));
            profile.changePassphrase(TestProfiles.PASSPHRASE.clone(), next.clone());
            // still usable after the re-key, and back in WAL mode
            profile.database().accounts().add("bob@example.org", "pw", null);
        }
        assertFalse(Files.exists(dir.resolve(Profile.NEXT_HEADER_FILE)));
        assertThrows(WrongPassphraseException.class, () -> TestProfiles.unlock(dir));
        try (Profile profile = Profile.unlock(dir, next.clone())) {
            assertEquals(2, profile.database().accounts().all().size());
            assertEquals(List.of(), profile.database().integrityCheck());
        }
    }

    @Test
    void unlockFinishesAPassphraseChangeInterruptedAfterTheReKey() throws Exception {
        Path dir = profileWithOneAccount();
        Path header = dir.resolve(Profile.HEADER_FILE);
        byte[] oldHeader = Files.readAllBytes(header);
        char[] next = "the new one".toCharArray();
        try (Profile profile = TestProfiles.unlock(dir)) {
            profile.changePassphrase(TestProfiles.PASSPHRASE.clone(), next.clone());
        }
        // simulate the crash: the database is re-keyed, the new header still waits as profile.json.next
        Files.move(header, dir.resolve(Profile.NEXT_HEADER_FILE));
        Files.write(header, oldHeader);

        assertThrows(WrongPassphraseException.class, () -> TestProfiles.unlock(dir));
        try (Profile profile = Profile.unlock(dir, next.clone())) {
            assertEquals(1, profile.database().accounts().all().size());
        }
        assertFalse(Files.exists(dir.resolve(Profile.NEXT_HEADER_FILE)));
        Profile.unlock(dir, next.clone()).close();
    }

    @Test
    void backupWhileOpenIsEncryptedAndUnlocksWithTheSamePassphrase() throws Exception {
        Path dir = profileWithOneAccount();
        Path backup = temp.resolve("backup");
        try (Profile profile = TestProfiles.unlock(dir)) {
            profile.database().accounts().add("carol-the-backed-up@example.org", "pw", null);
            profile.backupTo(backup);
            profile.database().accounts().add("dave-after-backup@example.org", "pw", null);
        }
        byte[] raw = Files.readAllBytes(backup.resolve(Profile.DATABASE_FILE));
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        assertFalse(text.startsWith("SQLite format 3"));
        assertFalse(text.contains("carol-the-backed-up"));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(backup.resolve(Profile.DATABASE_FILE))));
        try (Profile copy = TestProfiles.unlock(backup)) {
            assertTrue(copy.database().accounts().find("carol-the-backed-up@example.org").isPresent());
            assertTrue(copy.database().accounts().find("dave-after-backup@example.org").isEmpty());
            assertEquals(List.of(), copy.database().integrityCheck());
        }
        try (Profile profile = TestProfiles.unlock(dir)) {
            assertThrows(ProfileExistsException.class, () -> profile.backupTo(backup));
        }
    }

    @Test
    void databaseWrittenByANewerSottoIsRejectedUntouched() throws Exception {
        Path dir = profileWithOneAccount();
        try (Profile profile = TestProfiles.unlock(dir)) {
            profile.database().exclusively(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, "
                            + "script, checksum, installed_by, execution_time, success) VALUES "
                            + "(99, '99', 'from the future', 'SQL', 'V99__from_the_future.sql', 1, 'sotto', 1, 1)");
                }
                return null;
            }, "plant a future migration");
        }
        byte[] before = Files.readAllBytes(dir.resolve(Profile.DATABASE_FILE));
        NewerSchemaException e = assertThrows(NewerSchemaException.class, () -> TestProfiles.unlock(dir));
        assertTrue(e.getMessage().contains("99"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(dir.resolve(Profile.DATABASE_FILE)));
        // the lock was released
        assertThrows(NewerSchemaException.class, () -> TestProfiles.unlock(dir));
    }

    @Test
    void theBundledSqliteHasFts5AndTheSchemaIsCurrent() {
        Path dir = profileWithOneAccount();
        try (Profile profile = TestProfiles.unlock(dir)) {
            List<String> options = profile.database().list("PRAGMA compile_options", r -> r.getString(1));
            assertTrue(options.contains("ENABLE_FTS5"), options.toString());
            assertEquals(bundledMigrationVersions(), profile.database().list(
                    "SELECT version FROM flyway_schema_history WHERE success = 1 ORDER BY installed_rank", r -> r.getString(1)));
            assertEquals(List.of("wal"), profile.database().list("PRAGMA journal_mode", r -> r.getString(1)));
            assertEquals(List.of(2), profile.database().list("PRAGMA synchronous", r -> r.getInt(1)));
            assertEquals(List.of(2), profile.database().list("PRAGMA temp_store", r -> r.getInt(1)));
            assertEquals(List.of(1), profile.database().list("PRAGMA foreign_keys", r -> r.getInt(1)));
        }
    }

    /** The versions of the migrations shipped in the store module (V1, V2, …), in order. */
    private static List<String> bundledMigrationVersions() {
        try (Stream<Path> files = Files.list(
                Path.of(ProfileTest.class.getResource("/db/migration").toURI()))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> n.substring(1, n.indexOf("__"))).sorted(Comparator.comparingInt(Integer::parseInt))
                    .toList();
        } catch (IOException | URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
