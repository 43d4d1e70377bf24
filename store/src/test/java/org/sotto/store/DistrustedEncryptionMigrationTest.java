package org.sotto.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V10 widens the message table's encryption CHECK to allow E2EE_DISTRUSTED: a database written at V8 keeps its
 * messages, reactions, attachments and search index, passes the integrity check, and accepts the new state on the
 * same connection at once (and still nothing unknown).
 */
class DistrustedEncryptionMigrationTest {
    @TempDir
    Path temp;

    @Test
    void rowsOfAVersion8DatabaseSurviveAndTheNewStateIsAccepted() throws Exception {
        String url = "jdbc:sqlite:" + temp.resolve("v8.db");
        Flyway.configure(getClass().getClassLoader()).dataSource(url, null, null).locations(Migrations.LOCATION)
                .target("8").load().migrate();
        try (Connection connection = DriverManager.getConnection(url)) {
            try (Statement sql = connection.createStatement()) {
                sql.execute("PRAGMA foreign_keys=ON");
                sql.execute("INSERT INTO account (id, jid, resource) VALUES (1, 'me@example.org', 'desk')");
                sql.execute("INSERT INTO conversation (id, account_id, peer_jid, kind, created_at) VALUES (1, 1, 'friend@example.org', 'CHAT', 0)");
                sql.execute("INSERT INTO message (id, conversation_id, direction, sender_jid, sent_at, received_at, encryption,"
                        + " body, delivery, message_key, sent_at_ns, body_truncated) VALUES (7, 1, 'INCOMING', 'friend@example.org',"
                        + " 1, 1, 'E2EE_UNTRUSTED_DEVICES', 'remember the walrus', 'RECEIVED', 'k7', 42, 1)");
                sql.execute("INSERT INTO reaction (message_id, sender_jid, reactions, updated_at) VALUES (7, 'me@example.org', '👍', 2)");
                sql.execute("INSERT INTO attachment (id, message_id, url, state) VALUES (3, 7, 'aesgcm://h/p', 'DONE')");
            }
            Migrations.apply(connection);
            try (Statement sql = connection.createStatement()) {
                assertEquals(List.of("7|E2EE_UNTRUSTED_DEVICES|remember the walrus|k7|42|1"), rows(sql,
                        "SELECT id || '|' || encryption || '|' || body || '|' || message_key || '|' || sent_at_ns || '|' || body_truncated FROM message"));
                assertEquals(List.of("7|👍"), rows(sql, "SELECT message_id || '|' || reactions FROM reaction"));
                assertEquals(List.of("3|7"), rows(sql, "SELECT id || '|' || message_id FROM attachment"));
                assertEquals(List.of("7"), rows(sql, "SELECT rowid FROM message_fts WHERE message_fts MATCH 'walrus'"));
                assertEquals(List.of("1"), rows(sql, "PRAGMA foreign_keys"));
                assertEquals(List.of("ok"), rows(sql, "PRAGMA integrity_check"));
                assertEquals(List.of(), rows(sql, "PRAGMA foreign_key_check"));

                sql.execute("INSERT INTO message (id, conversation_id, direction, sender_jid, sent_at, received_at, encryption,"
                        + " body, delivery) VALUES (8, 1, 'INCOMING', 'friend@example.org', 2, 2, 'E2EE_DISTRUSTED', 'from a distrusted device', 'RECEIVED')");
                assertEquals(List.of("8"), rows(sql, "SELECT rowid FROM message_fts WHERE message_fts MATCH 'distrusted'"));
                assertThrows(SQLException.class, () -> sql.execute("INSERT INTO message (conversation_id, direction,"
                        + " sender_jid, sent_at, received_at, encryption, delivery) VALUES (1, 'INCOMING', 'x', 3, 3, 'NO_SUCH_STATE', 'RECEIVED')"));
                // the cascade and the full-text triggers still work
                sql.execute("DELETE FROM message WHERE id = 7");
                assertEquals(List.of(), rows(sql, "SELECT message_id FROM reaction"));
                assertEquals(List.of(), rows(sql, "SELECT message_id FROM attachment"));
                assertEquals(List.of(), rows(sql, "SELECT rowid FROM message_fts WHERE message_fts MATCH 'walrus'"));
            }
        }
    }

    private static List<String> rows(Statement sql, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = sql.executeQuery(query)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }
}
