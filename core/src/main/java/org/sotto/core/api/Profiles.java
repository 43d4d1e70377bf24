package org.sotto.core.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

import org.sotto.core.internal.persistence.memory.InMemoryPersistence;
import org.sotto.core.internal.persistence.store.StorePersistence;
import org.sotto.store.CorruptDatabaseException;
import org.sotto.store.NewerSchemaException;
import org.sotto.store.Profile;
import org.sotto.store.ProfileAlreadyOpenException;
import org.sotto.store.ProfileExistsException;
import org.sotto.store.ProfileHeaderException;
import org.sotto.store.ProfileNotFoundException;
import org.sotto.store.StoreException;
import org.sotto.store.WrongPassphraseException;

/**
 * Where a Sotto starts: a profile holds the accounts, messages, keys and settings, in one directory encrypted under
 * a passphrase. Two flows, as a window shows them: {@link #create} (the passphrase typed twice; how strong it must
 * be is the window's call) and {@link #unlock}. Every failure is a {@link ProfileException} with its reason.
 *
 * <p>The passphrase arrays are wiped once read.
 */
public final class Profiles {
    private Profiles() {
    }

    /** The variable that names the profile directory when none is given. */
    public static final String PROFILE_ENV = "SOTTO_PROFILE";

    /** {@code $SOTTO_PROFILE}, else {@code ~/.sotto/profile}. */
    public static Path defaultDirectory() {
        return defaultDirectory(System.getenv());
    }

    /** As {@link #defaultDirectory()}, with the variables of {@code environment}. */
    public static Path defaultDirectory(Map<String, String> environment) {
        String fromEnvironment = environment.get(PROFILE_ENV);
        return fromEnvironment != null && !fromEnvironment.isEmpty() ? Path.of(fromEnvironment)
                : Path.of(System.getProperty("user.home"), ".sotto", "profile");
    }

    /** Whether {@code dir} holds a profile (complete or not): unlock it, never create over it. */
    public static boolean exists(Path dir) {
        return Files.exists(dir.resolve(Profile.HEADER_FILE)) || Files.exists(dir.resolve(Profile.DATABASE_FILE));
    }

    /** Creates a profile in {@code dir} (absent or empty) and opens it. */
    public static SottoProfile create(Path dir, char[] passphrase, char[] repeated, ProfileOptions options) {
        try {
            if (passphrase.length == 0) {
                throw new ProfileException(ProfileException.Reason.EMPTY_PASSPHRASE);
            }
            if (!Arrays.equals(passphrase, repeated)) {
                throw new ProfileException(ProfileException.Reason.PASSPHRASES_DIFFER);
            }
            if (exists(dir)) {
                throw new ProfileException(ProfileException.Reason.ALREADY_EXISTS, dir.toString(), null);
            }
            Profile profile = translated(() -> Profile.create(dir, passphrase.clone()));
            return SottoProfile.open(profile, StorePersistence.owning(profile), options);
        } finally {
            Arrays.fill(passphrase, '\0');
            Arrays.fill(repeated, '\0');
        }
    }

    /** Opens the profile in {@code dir}. */
    public static SottoProfile unlock(Path dir, char[] passphrase, ProfileOptions options) {
        try {
            if (passphrase.length == 0) {
                throw new ProfileException(ProfileException.Reason.EMPTY_PASSPHRASE);
            }
            Profile profile = translated(() -> Profile.unlock(dir, passphrase.clone()));
            return SottoProfile.open(profile, StorePersistence.owning(profile), options);
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    /** A profile that lives only as long as the process (previews, view-model tests, the demo). */
    public static SottoProfile inMemory(ProfileOptions options) {
        return SottoProfile.open(null, new InMemoryPersistence(), options);
    }

    /** Runs {@code work} on the store, turning its typed errors into the API's. */
    static <T> T translated(Supplier<T> work) {
        try {
            return work.get();
        } catch (WrongPassphraseException e) {
            throw new ProfileException(ProfileException.Reason.WRONG_PASSPHRASE, null, e);
        } catch (ProfileAlreadyOpenException e) {
            throw new ProfileException(ProfileException.Reason.ALREADY_OPEN, null, e);
        } catch (ProfileNotFoundException e) {
            throw new ProfileException(ProfileException.Reason.NOT_FOUND, e.getMessage(), e);
        } catch (ProfileExistsException e) {
            throw new ProfileException(ProfileException.Reason.ALREADY_EXISTS, e.getMessage(), e);
        } catch (ProfileHeaderException e) {
            throw new ProfileException(ProfileException.Reason.DAMAGED_HEADER, e.getMessage(), e);
        } catch (CorruptDatabaseException e) {
            throw new ProfileException(ProfileException.Reason.CORRUPT, e.getMessage(), e);
        } catch (NewerSchemaException e) {
            throw new ProfileException(ProfileException.Reason.NEWER_SCHEMA, e.getMessage(), e);
        } catch (StoreException e) {
            throw new ProfileException(ProfileException.Reason.UNREADABLE, e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ProfileException(ProfileException.Reason.EMPTY_PASSPHRASE, null, e);
        }
    }
}
