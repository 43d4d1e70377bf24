package org.sotto.core.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.sotto.core.api.account.Accounts;
import org.sotto.core.api.event.SottoEvent;
import org.sotto.core.api.event.Subscription;
import org.sotto.core.internal.Sotto;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.persistence.Persistence;
import org.sotto.core.internal.persistence.store.StorePersistence;
import org.sotto.store.Profile;

/**
 * An open profile and the messenger running on it: its accounts (each speaking OMEMO 2 and 0.3 with the profile's
 * keys), their chats and contacts. Closing it disconnects every account and locks the profile again.
 */
public final class SottoProfile implements AutoCloseable {
    private final Profile profile;
    private final Persistence persistence;
    private final Sotto sotto;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SottoProfile(Profile profile, Persistence persistence, Sotto sotto) {
        this.profile = profile;
        this.persistence = persistence;
        this.sotto = sotto;
    }

    static SottoProfile open(Profile profile, Persistence persistence, ProfileOptions options) {
        Sotto sotto = Sotto.start(persistence, options.core());
        if (options.connectOnOpen()) {
            for (AccountSession session : sotto.accounts().sessions()) {
                if (session.record().enabled()) {
                    session.connect(); // its outcome arrives as connection states
                }
            }
        }
        return new SottoProfile(profile, persistence, sotto);
    }

    /** The profile's directory; empty for a profile in memory. */
    public Optional<Path> directory() {
        return Optional.ofNullable(profile).map(Profile::directory);
    }

    /** The profile's accounts. */
    public Accounts accounts() {
        return sotto.accounts();
    }

    /**
     * Events of {@code type} of one account (or all), on {@code executor} — a window passes its UI thread — as
     * lists: what arrives while a delivery waits joins it, so a catch-up is a few calls, not one per message.
     */
    public <T extends SottoEvent> Subscription subscribe(Class<T> type, Optional<String> account, Executor executor,
                                                         Consumer<? super List<T>> listener) {
        return sotto.events().subscribe(type, account, executor, listener);
    }

    /** The messenger behind the API, for core's own tests of this package. */
    Sotto core() {
        return sotto;
    }

    /**
     * Whether {@code passphrase} is the profile's (the window's lock screen): checked against the profile's key check,
     * one key derivation (Argon2, so call it off the UI thread); the open database and connections are untouched.
     * The array is wiped once read.
     *
     * @throws IllegalStateException for a profile in memory, which has no passphrase
     */
    public boolean checkPassphrase(char[] passphrase) {
        try {
            Profile open = requireOnDisk();
            if (passphrase.length == 0) {
                return false;
            }
            return Profiles.translated(() -> open.checkPassphrase(passphrase));
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    /** Re-encrypts the profile under {@code next} (typed twice); {@code current} must be the passphrase now. */
    public void changePassphrase(char[] current, char[] next, char[] repeated) {
        try {
            Profile open = requireOnDisk();
            if (next.length == 0) {
                throw new ProfileException(ProfileException.Reason.EMPTY_PASSPHRASE);
            }
            if (!Arrays.equals(next, repeated)) {
                throw new ProfileException(ProfileException.Reason.PASSPHRASES_DIFFER);
            }
            Profiles.translated(() -> {
                open.changePassphrase(current, next);
                return null;
            });
        } finally {
            Arrays.fill(current, '\0');
            Arrays.fill(next, '\0');
            Arrays.fill(repeated, '\0');
        }
    }

    /**
     * Writes an encrypted copy of the profile into {@code target} (absent or empty): a consistent snapshot of the
     * database even while messages arrive, its header, and the received files (encrypted as they are). The copy
     * unlocks with the same passphrase.
     */
    public void backupTo(Path target) {
        Profile open = requireOnDisk();
        Profiles.translated(() -> {
            open.backupTo(target);
            return null;
        });
        Path files = open.directory().resolve(StorePersistence.FILES_DIRECTORY);
        if (Files.isDirectory(files)) {
            try (Stream<Path> tree = Files.walk(files)) {
                for (Path source : (Iterable<Path>) tree::iterator) {
                    Path copy = target.resolve(open.directory().relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(copy);
                        if (Files.getFileStore(copy).supportsFileAttributeView(PosixFileAttributeView.class)) {
                            Files.setPosixFilePermissions(copy, Files.getPosixFilePermissions(source));
                        }
                    } else {
                        Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES); // keeps owner-only modes
                    }
                }
            } catch (IOException e) {
                throw new ProfileException(ProfileException.Reason.UNREADABLE, e.getMessage(),
                        new UncheckedIOException(e));
            }
        }
    }

    private Profile requireOnDisk() {
        if (profile == null) {
            throw new IllegalStateException("a profile in memory has no passphrase and no files");
        }
        return profile;
    }

    /** Disconnects every account and closes the store, once: a second call does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            sotto.close();
        } finally {
            if (persistence instanceof StorePersistence store) {
                store.close();
            }
        }
    }
}
