package org.sotto.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;

import org.sqlite.SQLiteConfig;
import org.sqlite.mc.SQLiteMCChacha20Config;

/**
 * Opens the one SQLite file Sotto keeps, encrypted as a whole (SQLite3 Multiple Ciphers, ChaCha20-Poly1305)
 * with a raw 256-bit key. This class is the only place that knows the driver, so a newer build can replace it.
 */
public final class EncryptedDatabase {
    private EncryptedDatabase() {
    }

    /** Opens (creating if absent) the database at {@code file} with the 32-byte {@code key}. */
    public static Connection open(Path file, byte[] key) throws SQLException, IOException {
        if (key.length != 32) {
            throw new IllegalArgumentException("the database key is 32 bytes, got " + key.length);
        }
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.exists(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        SQLiteConfig config = SQLiteMCChacha20Config.getDefault().withHexKey(HexFormat.of().formatHex(key)).build();
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        Connection connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try {
            // reading the schema checks the key: a wrong key fails here with SQLITE_NOTADB
            connection.createStatement().execute("SELECT count(*) FROM sqlite_master");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }
}
