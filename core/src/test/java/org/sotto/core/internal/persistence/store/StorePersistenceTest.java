package org.sotto.core.internal.persistence.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.internal.persistence.OutboxEntry;
import org.sotto.core.internal.persistence.Persistence;
import org.sotto.core.internal.persistence.PersistenceContract;
import org.sotto.core.internal.persistence.UnitOfWork;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.OmemoVersion;
import org.sotto.store.KdfParameters;
import org.sotto.store.Profile;
import org.sotto.store.WrongPassphraseException;

/** The port contract on a real encrypted profile; {@code reopen} closes the profile and unlocks it again. */
class StorePersistenceTest extends PersistenceContract {
    /** The cheapest key derivation the store accepts, so the tests stay quick. */
    static final KdfParameters FAST = new KdfParameters(KdfParameters.MINIMUM_MEMORY_KIB, 1, 1);
    static final String PASSPHRASE = "a profile passphrase for tests";

    @TempDir
    Path temp;

    private Path dir() {
        return temp.resolve("profile");
    }

    @Override
    protected Persistence open() {
        return StorePersistence.owning(Profile.create(dir(), PASSPHRASE.toCharArray(), FAST));
    }

    @Override
    protected Persistence reopen(Persistence current) {
        ((StorePersistence) current).close();
        return StorePersistence.openOrCreate(dir(), PASSPHRASE.toCharArray());
    }

    @Override
    protected void close(Persistence current) {
        ((StorePersistence) current).close();
    }

    @Test
    void passwordsBodiesAndQueuedStanzasAppearInNoFileOfTheProfile() throws Exception {
        String password = "the-xmpp-password-42";
        String body = "the password to the vault is swordfish";
        String queued = "a queued plaintext stanza body";
        persistence.accounts().savePassword(ME, password);
        persistence.messages().append(incoming(FRIEND, body, T0, "m-1", "o-1", "a-1"));
        persistence.outbox().enqueue(new OutboxEntry(ME, FRIEND, "k", "s", "<message><body>" + queued + "</body></message>"));
        for (boolean open : List.of(true, false)) {
            if (!open) {
                ((StorePersistence) persistence).close();
            }
            for (Path file : files(dir())) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String secret : List.of(password, body, queued, FRIEND, ME)) {
                    assertFalse(content.contains(secret), "plaintext in " + file.getFileName());
                }
            }
        }
        persistence = reopen(persistence);
        assertEquals(Optional.of(password), persistence.accounts().password(ME));
        assertEquals(List.of(body), persistence.messages().history(ME, FRIEND, Optional.empty(), 10).stream()
                .map(ChatMessage::body).toList());
    }

    @Test
    void openOrCreateUnlocksAnExistingProfileAndRefusesAWrongPassphrase() {
        persistence.messages().append(incoming(FRIEND, "kept", T0, null, "o-1", null));
        ((StorePersistence) persistence).close();
        assertThrows(WrongPassphraseException.class,
                () -> StorePersistence.openOrCreate(dir(), "not the passphrase".toCharArray()));
        persistence = StorePersistence.openOrCreate(dir(), PASSPHRASE.toCharArray());
        assertEquals(1, persistence.messages().history(ME, FRIEND, Optional.empty(), 10).size());
    }

    @Test
    void writesForAnAccountThatWasNeverSavedAreRefused() {
        assertThrows(IllegalStateException.class, () -> persistence.accounts().savePassword("nobody@example.org", "pw"));
        assertThrows(IllegalStateException.class,
                () -> persistence.archivePositions().save("nobody@example.org", "nobody@example.org", "a"));
        assertTrue(persistence.outbox().pending("nobody@example.org").isEmpty());
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aUnitOfWorkCommitsMessagePositionAndJournalDeletionTogetherOrNotAtAll() throws Exception {
        long journaled = persistence.inboundJournal().append(ME, "<message xmlns='jabber:client' id='m-1'/>", T0);
        assertThrows(IllegalStateException.class, () -> UnitOfWork.run(persistence, () -> {
            persistence.messages().append(incoming(FRIEND, "rolled back", T0, "m-1", "o-1", "a-1"));
            persistence.archivePositions().save(ME, ME, "a-1");
            persistence.inboundJournal().remove(ME, journaled);
            throw new IllegalStateException("simulated: the store stage fails after writing");
        }));
        persistence = reopen(persistence);
        assertEquals(List.of(), persistence.messages().history(ME, FRIEND, Optional.empty(), 10));
        assertEquals(Optional.empty(), persistence.archivePositions().lastArchiveId(ME, ME));
        assertEquals(1, persistence.inboundJournal().pending(ME).size());
        UnitOfWork.run(persistence, () -> {
            persistence.messages().append(incoming(FRIEND, "committed", T0, "m-1", "o-1", "a-1"));
            persistence.archivePositions().save(ME, ME, "a-1");
            persistence.inboundJournal().remove(ME, journaled);
            return null;
        });
        persistence = reopen(persistence);
        assertEquals(1, persistence.messages().history(ME, FRIEND, Optional.empty(), 10).size());
        assertEquals(Optional.of("a-1"), persistence.archivePositions().lastArchiveId(ME, ME));
        assertTrue(persistence.inboundJournal().pending(ME).isEmpty());
    }

    @Test
    void theOmemoStoreJoinsTheUnitOfWorkSoRatchetStateAndMessageCommitTogether() throws Exception {
        DeviceAddress friendDevice = new DeviceAddress(FRIEND, 42);
        StorePersistence before = (StorePersistence) persistence;
        before.omemoStore(ME).storeSession(friendDevice, OmemoVersion.V2, new byte[] {1});
        assertThrows(IllegalStateException.class, () -> UnitOfWork.run(before, () -> {
            before.omemoStore(ME).storeSession(friendDevice, OmemoVersion.V2, new byte[] {2}); // ratchet moved
            before.messages().append(incoming(FRIEND, "decrypted", T0, "m-1", "o-1", "a-1"));
            throw new IllegalStateException("simulated: storing the page failed");
        }));
        persistence = reopen(persistence);
        StorePersistence store = (StorePersistence) persistence;
        assertArrayEquals(new byte[] {1}, store.omemoStore(ME).loadSession(friendDevice, OmemoVersion.V2).orElseThrow(),
                "the session did not move on without the message");
        assertEquals(List.of(), store.messages().history(ME, FRIEND, Optional.empty(), 10));
    }
}
