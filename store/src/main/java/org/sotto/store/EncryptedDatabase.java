package org.sotto.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;
import org.sqlite.mc.SQLiteMCChacha20Config;

/**
 * Opens the one SQLite file Sotto keeps, encrypted as a whole (SQLite3 Multiple Ciphers, ChaCha20-Poly1305)
 * with a raw 256-bit key. This class is the only place that knows the driver, so a newer build can replace it.
 */
public final class EncryptedDatabase {
    /** SQLite's primary result code when page 1 does not decrypt to a database header: wrong key or garbage. */
    static final int SQLITE_NOTADB = 26;
    static final int SQLITE_CORRUPT = 11;

    private EncryptedDatabase() {
    }

    /** Opens (creating if absent) the database at {@code file} with the 32-byte {@code key}. */
    public static Connection open(Path file, byte[] key) throws SQLException, IOException {
        return open(file, key, true);
    }

    /**
     * Opens the database at {@code file} with the 32-byte {@code key}; creates it only if {@code create}.
     * A wrong key (or a file that is not a database) fails with an SQLException of code {@link #SQLITE_NOTADB}.
     */
    static Connection open(Path file, byte[] key, boolean create) throws SQLException, IOException {
        if (key.length != 32) {
            throw new IllegalArgumentException("the database key is 32 bytes, got " + key.length);
        }
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.exists(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        SQLiteConfig config = SQLiteMCChacha20Config.getDefault().withHexKey(HexFormat.of().formatHex(key)).build();
        // nothing may spill to a plaintext temp file
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        if (create) {
            config.setOpenMode(SQLiteOpenMode.CREATE);
        }
        Connection connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement statement = connection.createStatement()) {
            // reading the schema checks the key: a wrong key fails here with SQLITE_NOTADB
            statement.execute("SELECT count(*) FROM sqlite_master");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /**
     * Re-encrypts every page with {@code newKey}. SQLite3 Multiple Ciphers of this version cannot re-key in WAL
     * mode, so the journal is switched to DELETE for the re-key (which is then one atomic rollback-journal
     * transaction) and back to WAL afterwards.
     */
    static void rekey(Connection connection, byte[] newKey) throws SQLException {
        if (newKey.length != 32) {
            throw new IllegalArgumentException("the database key is 32 bytes, got " + newKey.length);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            statement.execute("PRAGMA journal_mode=DELETE");
            statement.execute("PRAGMA hexrekey='" + HexFormat.of().formatHex(newKey) + "'");
            statement.execute("PRAGMA journal_mode=WAL");
        }
    }

    /**
     * Writes a consistent copy of the open database to {@code target} (which must not exist). VACUUM INTO runs in
     * one read transaction, so the copy is a snapshot even while others write; SQLite3 Multiple Ciphers writes
     * it with the cipher and key of the main database.
     */
    static void copyTo(Connection connection, Path target) throws SQLException {
        try (PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, target.toAbsolutePath().toString());
            vacuum.execute();
        }
    }
}
