package org.sotto.store;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

/**
 * Brings the schema up to date with the versioned SQL in {@code db/migration}, through Flyway. Flyway is handed
 * the already keyed connection (it could not open the encrypted file itself), wrapped so it cannot close it.
 */
final class Migrations {
    static final String LOCATION = "classpath:db/migration";
    /** Flyway reports every routine open at INFO through java.util.logging; only problems are worth a line. */
    private static final Logger FLYWAY_LOG = quiet(Logger.getLogger("org.flywaydb"));

    private static Logger quiet(Logger logger) {
        if (logger.getLevel() == null) {
            logger.setLevel(Level.WARNING);
        }
        return logger;
    }

    private Migrations() {
    }

    static void apply(Connection connection) throws SQLException {
        FLYWAY_LOG.fine("migrating");
        Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(new SingleConnectionDataSource(connection))
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .load();
        try {
            rejectNewerSchema(flyway);
            flyway.migrate();
        } catch (FlywayException e) {
            throw new StoreException("Cannot bring the database schema up to date: " + e.getMessage(), e);
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Flyway ignores unknown newer migrations by default; Sotto must not run against a schema it does not know. */
    private static void rejectNewerSchema(Flyway flyway) {
        for (MigrationInfo applied : flyway.info().applied()) {
            if (applied.getState() == MigrationState.FUTURE_SUCCESS || applied.getState() == MigrationState.FUTURE_FAILED) {
                MigrationInfo current = flyway.info().current();
                throw new NewerSchemaException("This profile was written by a newer Sotto (schema version "
                        + (current == null ? applied.getVersion() : current.getVersion())
                        + "); this version knows schema versions up to " + latestKnown(flyway)
                        + ". Update Sotto to open it; the database was not changed.");
            }
        }
    }

    private static String latestKnown(Flyway flyway) {
        return Arrays.stream(flyway.info().all())
                .filter(m -> m.getState() != MigrationState.FUTURE_SUCCESS && m.getState() != MigrationState.FUTURE_FAILED)
                .map(m -> m.getVersion().getVersion()).reduce((a, b) -> b).orElse("0");
    }

    /** Hands Flyway the one keyed connection; close() from Flyway is ignored, the Database owns the connection. */
    private static final class SingleConnectionDataSource implements DataSource {
        private final Connection connection;

        SingleConnectionDataSource(Connection target) {
            InvocationHandler handler = (proxy, method, args) -> {
                switch (method.getName()) {
                    case "close":
                        return null;
                    case "isClosed":
                        return false;
                    default:
                        try {
                            return method.invoke(target, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                }
            };
            this.connection = (Connection) Proxy.newProxyInstance(Migrations.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, handler);
        }

        @Override
        public Connection getConnection() {
            return connection;
        }

        @Override
        public Connection getConnection(String username, String password) {
            return connection;
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // Flyway logs through its own logger
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // not applicable: the connection is already open
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
