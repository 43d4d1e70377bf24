package org.sotto.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import org.sotto.store.omemo.OmemoRepositories;

/**
 * The open database: one connection, used by one thread at a time, with explicit transactions and the
 * repositories over it. Outside {@link #transaction} every repository call commits on its own; inside, all
 * calls of that thread join the one transaction, so core can write "ratchet state + outgoing message" together.
 */
public final class Database implements AutoCloseable {
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private int transactionDepth;
    private boolean closed;

    private final AccountRepository accounts = new AccountRepository(this);
    private final ContactRepository contacts = new ContactRepository(this);
    private final AvatarRepository avatars = new AvatarRepository(this);
    private final ConversationRepository conversations = new ConversationRepository(this);
    private final MessageRepository messages = new MessageRepository(this);
    private final AttachmentRepository attachments = new AttachmentRepository(this);
    private final DraftRepository drafts = new DraftRepository(this);
    private final OutboxRepository outbox = new OutboxRepository(this);
    private final ArchivePositionRepository archivePositions = new ArchivePositionRepository(this);
    private final InboundJournalRepository inboundJournal = new InboundJournalRepository(this);
    private final OmemoRepositories omemo = new OmemoRepositories(this);

    /** A second connection for reads only (see {@link #reader()}); null: reads use this one. */
    private volatile Database reader;
    private final boolean readOnly;

    private Database(Connection connection, boolean readOnly) {
        this.connection = connection;
        this.readOnly = readOnly;
    }

    /** Configures the connection (WAL, synchronous=FULL, foreign keys, temp store and a 64 MiB page cache in memory) and migrates it. */
    static Database over(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA temp_store=MEMORY");
            statement.execute("PRAGMA journal_mode=WAL");
            // every commit reaches the disk before it returns: sessions and prekeys must never roll back
            statement.execute("PRAGMA synchronous=FULL");
            statement.execute("PRAGMA foreign_keys=ON");
            statement.execute("PRAGMA busy_timeout=5000");
            // SQLite's default cache is 2 MiB. The message indexes on random ids (archive, origin and local keys) outgrow
            // it at a few thousand messages, and every miss is a read plus a page decryption: the 10 000-message
            // catch-up spent ~25 % less client CPU with 64 MiB. Pages are allocated only as they are used.
            statement.execute("PRAGMA cache_size=-65536");
        }
        Migrations.apply(connection);
        return new Database(connection, false);
    }

    /** A connection that only reads (PRAGMA query_only), to attach as {@link #reader()} of the one that writes. */
    static Database readerOver(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA temp_store=MEMORY");
            statement.execute("PRAGMA busy_timeout=5000");
            statement.execute("PRAGMA cache_size=-16384");
            statement.execute("PRAGMA query_only=1");
        }
        return new Database(connection, true);
    }

    /**
     * The database for reads that must not wait for a transaction of this one (a window's timeline while a catch-up
     * stores its pages): its own connection, so under WAL it reads the last committed state without taking this
     * database's lock. It sees nothing of a transaction not committed yet, and refuses writes. Without an attached
     * reader it is this database itself.
     */
    public Database reader() {
        Database attached = reader;
        return attached != null ? attached : this;
    }

    void attachReader(Database twin) {
        Database previous = reader;
        reader = twin;
        if (previous != null) {
            previous.close();
        }
    }

    /** Closes the attached reader; reads go through this database until another is attached. */
    void detachReader() {
        attachReader(null);
    }

    /**
     * Opens the schema over a plain, unencrypted connection. Only for the benchmark baseline (encryption
     * overhead against a plain SQLite driver); Sotto itself always opens through {@link Profile}.
     */
    public static Database overUnencryptedConnectionForBenchmarks(Connection connection) {
        try {
            return over(connection);
        } catch (SQLException e) {
            throw SqlErrors.translate("open the benchmark database", e);
        }
    }

    public AccountRepository accounts() {
        return accounts;
    }

    public ContactRepository contacts() {
        return contacts;
    }

    public AvatarRepository avatars() {
        return avatars;
    }

    public ConversationRepository conversations() {
        return conversations;
    }

    public MessageRepository messages() {
        return messages;
    }

    public AttachmentRepository attachments() {
        return attachments;
    }

    public DraftRepository drafts() {
        return drafts;
    }

    public OutboxRepository outbox() {
        return outbox;
    }

    public ArchivePositionRepository archivePositions() {
        return archivePositions;
    }

    public InboundJournalRepository inboundJournal() {
        return inboundJournal;
    }

    public OmemoRepositories omemo() {
        return omemo;
    }

    /** A unit of work whose repository calls all commit together or not at all; it may throw {@code E}. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * Runs {@code work} in one transaction: it commits (durably, synchronous=FULL) when {@code work} returns and
     * rolls back when it throws (the exception, checked or not, reaches the caller). Nested calls join the outer
     * transaction.
     */
    public <T, E extends Exception> T transaction(Work<T, E> work) throws E {
        lock.lock();
        try {
            ensureOpen();
            if (transactionDepth > 0) {
                transactionDepth++;
                try {
                    return work.run();
                } finally {
                    transactionDepth--;
                }
            }
            try {
                connection.setAutoCommit(false);
            } catch (SQLException e) {
                throw SqlErrors.translate("begin a transaction", e);
            }
            transactionDepth = 1;
            boolean committed = false;
            try {
                T result = work.run();
                connection.commit();
                committed = true;
                return result;
            } catch (SQLException e) {
                throw SqlErrors.translate("commit", e);
            } finally {
                transactionDepth = 0;
                finishTransaction(committed);
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@link #transaction(Work)} for work without a result that throws nothing checked. */
    public void transaction(Runnable work) {
        transaction(() -> {
            work.run();
            return null;
        });
    }

    private void finishTransaction(boolean committed) {
        try {
            if (!committed) {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("roll back", e);
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                // the connection is unusable; the next call reports it
            }
        }
    }

    // --- the small SQL toolkit the repositories use (store-internal; public only for org.sotto.store.omemo) ---

    /** Maps the current row of a result set to a value. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** Runs a query and maps every row. Parameters: String, Number, byte[], Boolean, Enum, Instant or null. */
    public <T> List<T> list(String sql, Row<T> row, Object... parameters) {
        return withStatement(sql, parameters, statement -> {
            List<T> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(row.map(rows));
                }
            }
            return result;
        });
    }

    /** The first row of a query, if any. */
    public <T> Optional<T> first(String sql, Row<T> row, Object... parameters) {
        return withStatement(sql, parameters, statement -> {
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.ofNullable(row.map(rows)) : Optional.empty();
            }
        });
    }

    /** Runs an INSERT/UPDATE/DELETE and returns how many rows changed. */
    public int update(String sql, Object... parameters) {
        return withStatement(sql, parameters, PreparedStatement::executeUpdate);
    }

    /** Runs an INSERT and returns the new row id, or -1 if it inserted nothing (ON CONFLICT DO NOTHING). */
    public long insert(String sql, Object... parameters) {
        return withStatement(sql, parameters, statement -> {
            if (statement.executeUpdate() == 0) {
                return -1L;
            }
            try (ResultSet rows = cached("SELECT last_insert_rowid()").executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    @FunctionalInterface
    private interface StatementWork<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    private <T> T withStatement(String sql, Object[] parameters, StatementWork<T> work) {
        lock.lock();
        try {
            ensureOpen();
            PreparedStatement statement = cached(sql);
            statement.clearParameters();
            for (int i = 0; i < parameters.length; i++) {
                bind(statement, i + 1, parameters[i]);
            }
            return work.run(statement);
        } catch (SQLException e) {
            throw SqlErrors.translate(sql.length() > 60 ? sql.substring(0, 60) + "…" : sql, e);
        } finally {
            lock.unlock();
        }
    }

    /** Prepared once per connection: parsing the SQL again for every row would cost more than the row. */
    private PreparedStatement cached(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.NULL);
        } else if (value instanceof String s) {
            statement.setString(index, s);
        } else if (value instanceof Long l) {
            statement.setLong(index, l);
        } else if (value instanceof Integer i) {
            statement.setInt(index, i);
        } else if (value instanceof byte[] bytes) {
            statement.setBytes(index, bytes);
        } else if (value instanceof Boolean b) {
            statement.setInt(index, b ? 1 : 0);
        } else if (value instanceof Enum<?> e) {
            statement.setString(index, e.name());
        } else if (value instanceof Instant instant) {
            statement.setLong(index, instant.toEpochMilli());
        } else {
            throw new IllegalArgumentException("cannot bind a " + value.getClass().getName());
        }
    }

    /** Reads an epoch-millisecond column as an Instant (null stays null). */
    public static Instant instant(ResultSet row, String column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    /** Reads a nullable integer column. */
    public static Integer nullableInt(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }

    // --- maintenance ---

    /** PRAGMA integrity_check: an empty list when the database is sound, otherwise SQLite's findings. */
    public List<String> integrityCheck() {
        List<String> findings = list("PRAGMA integrity_check", rows -> rows.getString(1));
        return findings.equals(List.of("ok")) ? List.of() : findings;
    }

    /** Runs {@code work} with the raw connection, outside any transaction (re-key, backup). */
    <T> T exclusively(StatementlessWork<T> work, String what) {
        lock.lock();
        try {
            ensureOpen();
            if (transactionDepth > 0) {
                throw new IllegalStateException("cannot " + what + " inside a transaction");
            }
            return work.run(connection);
        } catch (SQLException e) {
            throw SqlErrors.translate(what, e);
        } finally {
            lock.unlock();
        }
    }

    @FunctionalInterface
    interface StatementlessWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the database is closed");
        }
    }

    @Override
    public void close() {
        detachReader();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (PreparedStatement statement : statements.values()) {
                try {
                    statement.close();
                } catch (SQLException ignored) {
                    // closing anyway
                }
            }
            statements.clear();
            if (!readOnly) {
                try (Statement statement = connection.createStatement()) {
                    // fold the WAL back into the main file so a closed profile is a single file
                    statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                } catch (SQLException ignored) {
                    // the WAL is replayed on the next open
                }
            }
            try {
                connection.close();
            } catch (SQLException e) {
                throw SqlErrors.translate("close the database", e);
            }
        } finally {
            lock.unlock();
        }
    }
}
