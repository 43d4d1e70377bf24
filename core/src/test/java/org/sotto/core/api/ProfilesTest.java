package org.sotto.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.testing.Await;
import org.sotto.store.Profile;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/** Creating, unlocking, changing and backing up a profile through the API, each failure with its reason. */
class ProfilesTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    private static final ProfileOptions OFFLINE = ProfileOptions.defaults().withConnectOnOpen(false);

    @TempDir
    Path temp;

    private static char[] pp(String text) {
        return text.toCharArray();
    }

    private static ProfileException.Reason failure(Runnable action) {
        return assertThrows(ProfileException.class, action::run).reason();
    }

    @Test
    void createAndUnlockTellEveryFailureApart() throws Exception {
        Path dir = temp.resolve("profile");
        assertFalse(Profiles.exists(dir));
        assertEquals(ProfileException.Reason.PASSPHRASES_DIFFER,
                failure(() -> Profiles.create(dir, pp("correct horse"), pp("correct hors"), OFFLINE)));
        assertEquals(ProfileException.Reason.EMPTY_PASSPHRASE, failure(() -> Profiles.create(dir, pp(""), pp(""), OFFLINE)));
        assertFalse(Files.exists(dir), "nothing was written for a refused passphrase");
        assertEquals(ProfileException.Reason.NOT_FOUND, failure(() -> Profiles.unlock(dir, pp("correct horse"), OFFLINE)));

        char[] typed = pp("correct horse");
        try (SottoProfile profile = Profiles.create(dir, typed, pp("correct horse"), OFFLINE)) {
            assertEquals(new String(new char[typed.length]), new String(typed), "the passphrase array is wiped");
            assertTrue(Profiles.exists(dir));
            assertEquals(dir, profile.directory().orElseThrow());
            assertEquals(ProfileException.Reason.ALREADY_OPEN, failure(() -> Profiles.unlock(dir, pp("correct horse"), OFFLINE)));
            assertEquals(ProfileException.Reason.ALREADY_EXISTS,
                    failure(() -> Profiles.create(dir, pp("other"), pp("other"), OFFLINE)));
        }
        assertEquals(ProfileException.Reason.WRONG_PASSPHRASE, failure(() -> Profiles.unlock(dir, pp("wrong horse"), OFFLINE)));
        Profiles.unlock(dir, pp("correct horse"), OFFLINE).close();

        byte[] header = Files.readAllBytes(dir.resolve(Profile.HEADER_FILE));
        Files.writeString(dir.resolve(Profile.HEADER_FILE), "{ not json");
        assertEquals(ProfileException.Reason.DAMAGED_HEADER, failure(() -> Profiles.unlock(dir, pp("correct horse"), OFFLINE)));
        Files.write(dir.resolve(Profile.HEADER_FILE), header);

        Path database = dir.resolve(Profile.DATABASE_FILE);
        byte[] pages = Files.readAllBytes(database);
        Files.write(database, new byte[pages.length]); // every page zeroed: no database any more
        assertEquals(ProfileException.Reason.CORRUPT, failure(() -> Profiles.unlock(dir, pp("correct horse"), OFFLINE)));
        Files.write(database, pages);
        Profiles.unlock(dir, pp("correct horse"), OFFLINE).close();
    }

    @Test
    void thePassphraseIsCheckedWithoutReopeningAndAfterAChange() {
        Path dir = temp.resolve("checked");
        try (SottoProfile profile = Profiles.create(dir, pp("first passphrase"), pp("first passphrase"), OFFLINE)) {
            profile.core().accounts().add(AccountRecord.of("erin@example.org"), "erin-pw");
            char[] typed = pp("first passphrase");
            assertTrue(profile.checkPassphrase(typed));
            assertEquals("", new String(typed).replace("\0", ""), "the array is wiped");
            assertFalse(profile.checkPassphrase(pp("not it")));
            assertFalse(profile.checkPassphrase(new char[0]));
            profile.changePassphrase(pp("first passphrase"), pp("second passphrase"), pp("second passphrase"));
            assertFalse(profile.checkPassphrase(pp("first passphrase")));
            assertTrue(profile.checkPassphrase(pp("second passphrase")));
            assertEquals(1, profile.accounts().list().size(), "the open profile still answers");
        }
        try (SottoProfile memory = Profiles.inMemory(OFFLINE)) {
            assertThrows(IllegalStateException.class, () -> memory.checkPassphrase(pp("anything")));
        }
    }

    @Test
    void thePassphraseChangesAndABackupOpensWithTheSamePassphrase() {
        Path dir = temp.resolve("profile");
        Path backup = temp.resolve("backup");
        try (SottoProfile profile = Profiles.create(dir, pp("first passphrase"), pp("first passphrase"), OFFLINE)) {
            profile.core().accounts().add(AccountRecord.of("dana@example.org"), "dana-pw");
            assertEquals(ProfileException.Reason.PASSPHRASES_DIFFER, failure(() ->
                    profile.changePassphrase(pp("first passphrase"), pp("second passphrase"), pp("second"))));
            assertEquals(ProfileException.Reason.WRONG_PASSPHRASE, failure(() ->
                    profile.changePassphrase(pp("not it"), pp("second passphrase"), pp("second passphrase"))));
            profile.changePassphrase(pp("first passphrase"), pp("second passphrase"), pp("second passphrase"));
            profile.backupTo(backup);
            assertEquals(ProfileException.Reason.ALREADY_EXISTS, failure(() -> profile.backupTo(backup)));
        }
        assertEquals(ProfileException.Reason.WRONG_PASSPHRASE, failure(() -> Profiles.unlock(dir, pp("first passphrase"), OFFLINE)));
        for (Path copy : List.of(dir, backup)) {
            try (SottoProfile reopened = Profiles.unlock(copy, pp("second passphrase"), OFFLINE)) {
                assertEquals(List.of("dana@example.org"), reopened.core().accounts().sessions().stream()
                        .map(AccountSession::jid).toList());
            }
        }
    }

    @Test
    void everyAccountSpeaksOmemoAndUnlockingConnectsTheEnabledOnesWithTheSameDevice() {
        ProsodyServer server = PROSODY.server();
        String erin = server.register("erin", "erin-pw");
        Path dir = temp.resolve("profile");
        ProfileOptions options = ProfileOptions.defaults().withCertificateTrust(server.certificate().trustManager())
                .withReconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1));
        int deviceId;
        try (SottoProfile profile = Profiles.create(dir, pp("erin's passphrase"), pp("erin's passphrase"), options)) {
            AccountSession session = profile.core().accounts().add(AccountRecord.of(erin)
                    .withServer(server.host(), server.c2sPort()), "erin-pw");
            assertTrue(session.omemo().isPresent(), "OMEMO is on without asking");
            assertEquals(2, session.omemo().get().versions().size());
            assertInstanceOf(ConnectionState.Online.class, Await.done(session.connect()));
            deviceId = session.omemo().get().ownDeviceId();
        }
        try (SottoProfile profile = Profiles.unlock(dir, pp("erin's passphrase"), options)) {
            AccountSession session = profile.core().accounts().session(erin).orElseThrow();
            Await.until("erin comes online by unlocking alone", () -> session.state().get() instanceof ConnectionState.Online);
            assertEquals(deviceId, session.omemo().orElseThrow().ownDeviceId(), "the device identity is the profile's");
        }
        try (SottoProfile memory = Profiles.inMemory(ProfileOptions.defaults().withConnectOnOpen(false))) {
            assertTrue(memory.directory().isEmpty());
            AccountSession session = memory.core().accounts().add(AccountRecord.of("frank@example.org"), "frank-pw");
            assertTrue(session.omemo().isPresent());
            // what needs the connection fails with a type of its own while offline
            for (CompletableFuture<?> action : List.of(session.catchUp(),
                    session.contacts().approve("gina@example.org"), session.chats().loadOlder("gina@example.org", 10))) {
                Throwable failure = assertThrows(CompletionException.class, action::join).getCause();
                assertEquals("frank@example.org", assertInstanceOf(NotConnectedException.class, failure).account());
            }
        }
    }
}
