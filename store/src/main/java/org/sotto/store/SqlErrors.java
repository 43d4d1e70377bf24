package org.sotto.store;

import java.sql.SQLException;

/** Turns driver exceptions into Sotto's typed ones; never includes bound values (they may be secrets). */
final class SqlErrors {
    private SqlErrors() {
    }

    static StoreException translate(String what, SQLException e) {
        int code = e.getErrorCode() & 0xff; // primary result code
        if (code == EncryptedDatabase.SQLITE_CORRUPT || code == EncryptedDatabase.SQLITE_NOTADB) {
            return new CorruptDatabaseException("The database is damaged (" + e.getMessage() + ") while trying to "
                    + what + "; it is left as it is", e);
        }
        return new StoreException("Database error while trying to " + what + ": " + e.getMessage(), e);
    }
}
