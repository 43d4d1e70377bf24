package org.sotto.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptedDatabaseSmokeTest {

    @Test
    void createsReopensAndKeepsTheFileUnreadable(@TempDir Path dir) throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path file = dir.resolve("profile/sotto.db");
        try (Connection db = EncryptedDatabase.open(file, key)) {
            db.createStatement().execute("CREATE TABLE note(body TEXT)");
            db.createStatement().execute("INSERT INTO note VALUES ('meet at the old bridge')");
        }
        try (Connection db = EncryptedDatabase.open(file, key);
             ResultSet rows = db.createStatement().executeQuery("SELECT body FROM note")) {
            assertTrue(rows.next());
            assertEquals("meet at the old bridge", rows.getString(1));
        }
        String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertFalse(raw.contains("old bridge"), "plaintext body found in the database file");
        assertFalse(raw.startsWith("SQLite format 3"), "the file header is not encrypted");

        byte[] wrong = key.clone();
        wrong[0] ^= 1;
        assertThrows(SQLException.class, () -> EncryptedDatabase.open(file, wrong));
    }
}
