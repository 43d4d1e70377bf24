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
 * V12: an UNDECRYPTABLE message whose body is the English text of a reason gets the reason's name in
 * {@code encryption_reason} and loses the body (and its search entry); other rows keep theirs; {@code send_failure}
 * exists; the two new encryption states are accepted and unknown ones still refused.
 */
class MessageReasonsMigrationTest {
    @TempDir
    Path temp;

    @Test
    void reasonTextsOfAVersion11DatabaseBecomeNamesAndTheNewStatesAreAccepted() throws Exception {
        String url = "jdbc:sqlite:" + temp.resolve("v11.db");
        Flyway.configure(getClass().getClassLoader()).dataSource(url, null, null).locations(Migrations.LOCATION)
                .target("11").load().migrate();
        try (Connection connection = DriverManager.getConnection(url)) {
            try (Statement sql = connection.createStatement()) {
                sql.execute("PRAGMA foreign_keys=ON");
                sql.execute("INSERT INTO account (id, jid, resource) VALUES (1, 'me@example.org', 'desk')");
                sql.execute("INSERT INTO conversation (id, account_id, peer_jid, kind, created_at) VALUES (1, 1, 'friend@example.org', 'CHAT', 0)");
                insert(sql, 1, "UNDECRYPTABLE", "no session with the sending device", "RECEIVED");
                insert(sql, 2, "UNDECRYPTABLE", "encrypted, but not for this device", "RECEIVED");
                insert(sql, 3, "UNDECRYPTABLE", "the room did not say who sent it, so the sending device is unknown", "RECEIVED");
                insert(sql, 4, "UNDECRYPTABLE", "some text no Sotto ever wrote", "RECEIVED");
                insert(sql, 5, "PLAINTEXT", "no session with the sending device", "RECEIVED"); // a person wrote it
                insert(sql, 6, "E2EE_TRUSTED", "sent before the server refused it", "FAILED");
            }
            Migrations.apply(connection);
            try (Statement sql = connection.createStatement()) {
                assertEquals(List.of("1|UNDECRYPTABLE|NO_SESSION|-", "2|UNDECRYPTABLE|NOT_FOR_THIS_DEVICE|-",
                                "3|UNDECRYPTABLE|UNKNOWN_SENDER|-", "4|UNDECRYPTABLE|-|some text no Sotto ever wrote",
                                "5|PLAINTEXT|-|no session with the sending device", "6|E2EE_TRUSTED|-|sent before the server refused it"),
                        rows(sql, "SELECT id || '|' || encryption || '|' || coalesce(encryption_reason, '-') || '|' "
                                + "|| coalesce(body, '-') FROM message ORDER BY id"));
                assertEquals(List.of("5"), rows(sql, "SELECT rowid FROM message_fts WHERE message_fts MATCH 'session'"),
                        "the reason texts left the search index, the person's words did not");
                assertEquals(List.of("-"), rows(sql, "SELECT coalesce(send_failure, '-') FROM message WHERE id = 6"));
                assertEquals(List.of("ok"), rows(sql, "PRAGMA integrity_check"));

                insert(sql, 7, "DEVICES_UNKNOWN", "written offline", "PENDING");
                insert(sql, 8, "ENCRYPTION_UNAVAILABLE", "never stored by core, but allowed", "PENDING");
                sql.execute("UPDATE message SET delivery = 'FAILED', send_failure = 'NO_OMEMO_DEVICES' WHERE id = 7");
                assertEquals(List.of("NO_OMEMO_DEVICES"), rows(sql, "SELECT send_failure FROM message WHERE id = 7"));
                assertThrows(SQLException.class, () -> insert(sql, 9, "NO_SUCH_STATE", "x", "RECEIVED"));
            }
        }
    }

    private static void insert(Statement sql, int id, String encryption, String body, String delivery) throws SQLException {
        sql.execute("INSERT INTO message (id, conversation_id, direction, sender_jid, sent_at, received_at, encryption, body,"
                + " delivery) VALUES (" + id + ", 1, 'INCOMING', 'friend@example.org', " + id + ", " + id + ", '"
                + encryption + "', '" + body + "', '" + delivery + "')");
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
