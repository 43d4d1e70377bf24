package org.sotto.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An OS file lock on {@code sotto.lock} in the profile directory, held while the profile is open. The OS drops it
 * when the process dies (even by SIGKILL), so a crashed Sotto never leaves a stale lock behind.
 */
final class ProfileLock implements AutoCloseable {
    static final String FILE = "sotto.lock";
    private final FileChannel channel;
    private final FileLock lock;

    private ProfileLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static ProfileLock acquire(Path dir) {
        Path file = dir.resolve(FILE);
        FileChannel channel = null;
        try {
            if (!Files.exists(file)) {
                try {
                    OwnerOnlyFiles.createFile(file);
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first: the lock below decides
                }
            }
            channel = FileChannel.open(file, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw alreadyOpen(dir);
            }
            return new ProfileLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw alreadyOpen(dir);
        } catch (ProfileAlreadyOpenException e) {
            closeQuietly(channel);
            throw e;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StoreException("Cannot lock the profile " + dir + ": " + e.getMessage(), e);
        }
    }

    private static ProfileAlreadyOpenException alreadyOpen(Path dir) {
        return new ProfileAlreadyOpenException("The profile " + dir + " is already open in another running Sotto; "
                + "close that one first");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing held
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it as well
        }
        closeQuietly(channel);
    }
}
