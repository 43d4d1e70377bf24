package org.sotto.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * A Sotto profile: a directory (0700) holding the encrypted database {@code sotto.db} (0600), the header
 * {@code profile.json} (salt, Argon2id parameters, key check) and the lock file {@code sotto.lock}.
 *
 * <p>{@link #create} and {@link #unlock} derive the database key from the passphrase with Argon2id and open the
 * database; errors are typed: {@link WrongPassphraseException}, {@link CorruptDatabaseException},
 * {@link ProfileHeaderException}, {@link ProfileAlreadyOpenException}, {@link NewerSchemaException},
 * {@link ProfileNotFoundException}, {@link ProfileExistsException}. Nothing here ever deletes or rewrites a
 * database it could not open.
 */
public final class Profile implements AutoCloseable {
    public static final String DATABASE_FILE = "sotto.db";
    public static final String HEADER_FILE = "profile.json";
    /** The header of a passphrase change in progress; promoted to {@link #HEADER_FILE} once the re-key is done. */
    static final String NEXT_HEADER_FILE = "profile.json.next";

    private final Path dir;
    private final ProfileLock lock;
    private final Database database;

    private Profile(Path dir, ProfileLock lock, Database database) {
        this.dir = dir;
        this.lock = lock;
        this.database = database;
    }

    /** Creates a new profile in {@code dir} (absent or empty) with the default Argon2id cost. */
    public static Profile create(Path dir, char[] passphrase) {
        return create(dir, passphrase, KdfParameters.DEFAULT);
    }

    public static Profile create(Path dir, char[] passphrase, KdfParameters parameters) {
        if (passphrase == null || passphrase.length == 0) {
            throw new IllegalArgumentException("a profile needs a passphrase; it is empty");
        }
        Path database = dir.resolve(DATABASE_FILE);
        Path header = dir.resolve(HEADER_FILE);
        if (Files.exists(database) || Files.exists(header)) {
            throw new ProfileExistsException("There is already a profile in " + dir + "; it was left untouched");
        }
        try {
            OwnerOnlyFiles.createDirectory(dir);
        } catch (IOException e) {
            throw new StoreException("Cannot create the profile directory " + dir + ": " + e.getMessage(), e);
        }
        ProfileLock lock = ProfileLock.acquire(dir);
        byte[] key = null;
        try {
            byte[] salt = KeyDerivation.newSalt();
            key = KeyDerivation.deriveKey(passphrase, salt, parameters);
            OwnerOnlyFiles.createFile(database);
            Connection connection = EncryptedDatabase.open(database, key, false);
            Database db;
            try {
                db = Database.over(connection);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
            // the header comes last: a crash before this leaves a database without header, never the reverse
            OwnerOnlyFiles.writeAtomically(header, ProfileHeader.of(salt, parameters, KeyDerivation.keyCheck(key)).toJson());
            attachReaderOrClose(db, database, key);
            return new Profile(dir, lock, db);
        } catch (IOException | SQLException | RuntimeException e) {
            lock.close();
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("Cannot create the profile in " + dir + ": " + e.getMessage(), e);
        } finally {
            wipe(key);
        }
    }

    /** Opens the profile in {@code dir} with {@code passphrase}. */
    public static Profile unlock(Path dir, char[] passphrase) {
        if (passphrase == null || passphrase.length == 0) {
            throw new WrongPassphraseException("The passphrase is empty");
        }
        Path database = dir.resolve(DATABASE_FILE);
        if (!Files.isDirectory(dir) || !Files.exists(dir.resolve(HEADER_FILE)) && !Files.exists(database)) {
            throw new ProfileNotFoundException("There is no Sotto profile in " + dir);
        }
        ProfileLock lock = ProfileLock.acquire(dir);
        byte[] key = null;
        try {
            ProfileHeader header = ProfileHeader.read(dir.resolve(HEADER_FILE));
            checkDatabaseFile(database);
            key = KeyDerivation.deriveKey(passphrase, header.saltBytes(), header.parameters());
            boolean finishesPassphraseChange = false;
            if (!KeyDerivation.matches(key, header.keyCheckBytes())) {
                wipe(key);
                key = keyFromUnfinishedPassphraseChange(dir, passphrase);
                finishesPassphraseChange = true;
            }
            Connection connection;
            try {
                connection = openVerified(database, key);
            } catch (CorruptDatabaseException e) {
                if (!finishesPassphraseChange && Files.exists(dir.resolve(NEXT_HEADER_FILE))) {
                    // the old passphrase of a change that re-keyed the database but did not promote its header
                    throw new WrongPassphraseException("This profile's passphrase was being changed; unlock it with "
                            + "the new passphrase");
                }
                throw e;
            }
            if (finishesPassphraseChange) {
                // the database already carries the new key: the change had only to promote its header
                OwnerOnlyFiles.moveAtomically(dir.resolve(NEXT_HEADER_FILE), dir.resolve(HEADER_FILE));
            } else {
                // a change that did not get to re-key: the old key still opens the database
                Files.deleteIfExists(dir.resolve(NEXT_HEADER_FILE));
            }
            Database db;
            try {
                db = Database.over(connection);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
            attachReaderOrClose(db, database, key);
            return new Profile(dir, lock, db);
        } catch (IOException | SQLException | RuntimeException e) {
            lock.close();
            if (e instanceof StoreException se) {
                throw se;
            }
            if (e instanceof SQLException sql) {
                throw SqlErrors.translate("open the profile", sql);
            }
            throw new StoreException("Cannot open the profile in " + dir + ": " + e.getMessage(), e);
        } finally {
            wipe(key);
        }
    }

    /** {@link #attachReader}, closing the just-opened database when that fails (a profile that does not open). */
    private static void attachReaderOrClose(Database db, Path database, byte[] key) throws IOException, SQLException {
        try {
            attachReader(db, database, key);
        } catch (IOException | SQLException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Opens the read-only second connection (same file, same key) and attaches it as the database's reader. */
    private static void attachReader(Database db, Path database, byte[] key) throws IOException, SQLException {
        Connection connection = EncryptedDatabase.open(database, key, false);
        try {
            db.attachReader(Database.readerOver(connection));
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** A crash between re-keying and promoting the header leaves the new header as profile.json.next. */
    private static byte[] keyFromUnfinishedPassphraseChange(Path dir, char[] passphrase) {
        Path next = dir.resolve(NEXT_HEADER_FILE);
        if (Files.exists(next)) {
            ProfileHeader pending = ProfileHeader.read(next);
            byte[] key = KeyDerivation.deriveKey(passphrase, pending.saltBytes(), pending.parameters());
            if (KeyDerivation.matches(key, pending.keyCheckBytes())) {
                return key;
            }
            wipe(key);
        }
        throw new WrongPassphraseException("The passphrase does not unlock this profile");
    }

    /** A database file that is missing, empty or cut short is reported before SQLite could treat it as new. */
    private static void checkDatabaseFile(Path database) throws IOException {
        if (!Files.exists(database)) {
            throw new CorruptDatabaseException("The database file " + database + " is missing (the header is there)");
        }
        long size = Files.size(database);
        if (size == 0 || size % 512 != 0) {
            throw new CorruptDatabaseException("The database file " + database + " is truncated (" + size
                    + " bytes); it was left as it is");
        }
    }

    /** The key passed the key check, so SQLITE_NOTADB now means a damaged file, not a wrong passphrase. */
    private static Connection openVerified(Path database, byte[] key) throws IOException {
        Connection connection;
        try {
            connection = EncryptedDatabase.open(database, key, false);
        } catch (SQLException e) {
            throw new CorruptDatabaseException("The database file " + database + " cannot be read with the right key: "
                    + "it is damaged (" + e.getMessage() + "); it was left as it is", e);
        }
        try {
            checkLength(connection, database);
            return connection;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // reporting the first problem
            }
            if (e instanceof CorruptDatabaseException c) {
                throw c;
            }
            throw new CorruptDatabaseException("The database file " + database + " is damaged: " + e.getMessage(), e);
        }
    }

    /** With no WAL to hold newer pages, the main file must be as long as the page count in its header says. */
    private static void checkLength(Connection connection, Path database) throws SQLException, IOException {
        Path wal = database.resolveSibling(database.getFileName() + "-wal");
        if (Files.exists(wal) && Files.size(wal) > 0) {
            return;
        }
        try (Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("PRAGMA page_count")) {
            count.next();
            long pages = count.getLong(1);
            try (ResultSet size = statement.executeQuery("PRAGMA page_size")) {
                size.next();
                if (Files.size(database) < pages * size.getLong(1)) {
                    throw new CorruptDatabaseException("The database file " + database + " is truncated; it was left "
                            + "as it is");
                }
            }
        }
    }

    public Database database() {
        return database;
    }

    public Path directory() {
        return dir;
    }

    /**
     * Whether {@code passphrase} is this profile's, against the header's key check (one key derivation; the open
     * database is left alone). Wipes nothing: the caller owns the array.
     */
    public boolean checkPassphrase(char[] passphrase) {
        ProfileHeader current = ProfileHeader.read(dir.resolve(HEADER_FILE));
        byte[] check = KeyDerivation.deriveKey(passphrase, current.saltBytes(), current.parameters());
        try {
            return KeyDerivation.matches(check, current.keyCheckBytes());
        } finally {
            wipe(check);
        }
    }

    /**
     * Re-encrypts the database under a key from {@code newPassphrase} (with a fresh salt), keeping every row.
     * Crash-safe: the new header is written first as profile.json.next and promoted after the re-key; an unlock
     * after a crash in between accepts the new passphrase and finishes the change.
     */
    public void changePassphrase(char[] currentPassphrase, char[] newPassphrase) {
        Path headerFile = dir.resolve(HEADER_FILE);
        ProfileHeader current = ProfileHeader.read(headerFile);
        if (!checkPassphrase(currentPassphrase)) {
            throw new WrongPassphraseException("The current passphrase is not right; nothing was changed");
        }
        byte[] salt = KeyDerivation.newSalt();
        KdfParameters parameters = current.parameters();
        byte[] newKey = KeyDerivation.deriveKey(newPassphrase, salt, parameters);
        try {
            Path next = dir.resolve(NEXT_HEADER_FILE);
            OwnerOnlyFiles.writeAtomically(next, ProfileHeader.of(salt, parameters, KeyDerivation.keyCheck(newKey)).toJson());
            database.detachReader(); // it holds the old key; reads use the main connection meanwhile
            database.exclusively(connection -> {
                EncryptedDatabase.rekey(connection, newKey);
                return null;
            }, "change the passphrase");
            OwnerOnlyFiles.moveAtomically(next, headerFile);
            attachReader(database, dir.resolve(DATABASE_FILE), newKey);
        } catch (SQLException e) {
            throw SqlErrors.translate("open the reading connection after the passphrase change", e);
        } catch (IOException e) {
            throw new StoreException("Cannot write the new profile header: " + e.getMessage(), e);
        } finally {
            wipe(newKey);
        }
    }

    /**
     * Writes a consistent, encrypted copy of this profile into {@code targetDir} (absent or empty): the database
     * (same key, a snapshot even while others write) and the header, so the copy unlocks with the same passphrase.
     */
    public void backupTo(Path targetDir) {
        try {
            if (Files.isDirectory(targetDir)) {
                try (var entries = Files.list(targetDir)) {
                    if (entries.findAny().isPresent()) {
                        throw new ProfileExistsException("The backup directory " + targetDir + " is not empty");
                    }
                }
            }
            OwnerOnlyFiles.createDirectory(targetDir);
            Path copy = targetDir.resolve(DATABASE_FILE);
            OwnerOnlyFiles.createFile(copy);
            database.exclusively(connection -> {
                EncryptedDatabase.copyTo(connection, copy);
                return null;
            }, "back up the database");
            OwnerOnlyFiles.restrict(copy, OwnerOnlyFiles.FILE);
            OwnerOnlyFiles.writeAtomically(targetDir.resolve(HEADER_FILE), Files.readAllBytes(dir.resolve(HEADER_FILE)));
        } catch (IOException e) {
            throw new StoreException("Cannot back up the profile to " + targetDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            database.close();
        } finally {
            lock.close();
        }
    }

    private static void wipe(byte[] secret) {
        if (secret != null) {
            Arrays.fill(secret, (byte) 0);
        }
    }
}
