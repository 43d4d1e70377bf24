package org.sotto.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.crypto.OmemoVersion;
import org.sotto.store.omemo.OwnIdentity;

/** Writes known strings and key bytes, then searches every file of the profile for them, open and closed. */
class PlaintextLeakTest {
    private static final String BODY = "meet me under the clocktower at midnight";
    private static final String JID = "whistleblower@secret-newsroom.example";
    private static final String PASSWORD = "hunter2-account-password";
    private static final String SEARCH_WORD = "clocktower";
    /** The outbox keeps stanzas as they will be sent; an unencrypted one carries its body in the clear. */
    private static final String QUEUED_BODY = "the second drop is behind the old mill";

    @Test
    void nothingWrittenAppearsInAnyFileOfTheProfile(@TempDir Path temp) throws Exception {
        Path dir = temp.resolve("profile");
        SecureRandom random = new SecureRandom();
        byte[] identityKey = new byte[32];
        byte[] sessionRecord = new byte[64];
        byte[] fileKey = new byte[44];
        random.nextBytes(identityKey);
        random.nextBytes(sessionRecord);
        random.nextBytes(fileKey);

        List<byte[]> needles = new ArrayList<>();
        for (String s : List.of(BODY, JID, PASSWORD, SEARCH_WORD, QUEUED_BODY, new String(TestProfiles.PASSPHRASE))) {
            needles.add(s.getBytes(StandardCharsets.UTF_8));
            needles.add(s.getBytes(StandardCharsets.UTF_16LE));
        }
        needles.add(identityKey);
        needles.add(sessionRecord);
        needles.add(fileKey);
        needles.add(HexFormat.of().formatHex(identityKey).getBytes(StandardCharsets.US_ASCII));

        try (Profile profile = TestProfiles.create(dir)) {
            Database db = profile.database();
            Account account = db.accounts().add(JID, PASSWORD, null);
            Conversation chat = db.conversations().open(account.id(), JID, ConversationKind.CHAT);
            db.contacts().put(new Contact(account.id(), JID, "Source", Subscription.BOTH, false, Set.of()));
            // many rows, so pages spill to the WAL and the FTS index fills several pages
            for (int i = 0; i < 500; i++) {
                long id = db.messages().insert(Message.builder(chat.id(), Direction.INCOMING, JID, Instant.ofEpochSecond(i))
                        .body(BODY + " #" + i).originId("origin-" + i).build()).id();
                if (i == 0) {
                    db.attachments().add(new Attachment(0, id, "aesgcm://x.example/" + JID, "secret.pdf", "application/pdf",
                            1L, null, fileKey, null, AttachmentState.PENDING));
                }
            }
            db.outbox().enqueue(account.id(), JID, "key-1", "stanza-1",
                    "<message to='" + JID + "' id='stanza-1' type='chat'><body>" + QUEUED_BODY + "</body></message>");
            db.archivePositions().save(account.id(), JID, "archive-position-1");
            db.omemo().identities().save(new OwnIdentity(account.id(), 1, identityKey, Instant.now()));
            db.omemo().sessions().put(account.id(), JID, 7, OmemoVersion.V2, sessionRecord);
            assertEquals(500, db.messages().search(SEARCH_WORD, 1000).size());

            // while open: main file, -wal, -shm (and any journal) must all be ciphertext
            assertTrue(Files.size(dir.resolve(Profile.DATABASE_FILE + "-wal")) > 0, "expected WAL content");
            assertNoNeedleIn(dir, needles);
            assertOwnerOnly(dir);

            // a re-key (rollback journal for the moment) and a backup leave no plaintext either
            char[] next = "another passphrase".toCharArray();
            profile.changePassphrase(TestProfiles.PASSPHRASE.clone(), next.clone());
            profile.changePassphrase(next, TestProfiles.PASSPHRASE.clone());
            db.messages().insert(Message.builder(chat.id(), Direction.INCOMING, JID, Instant.ofEpochSecond(9_999))
                    .body(BODY + " after the re-key").build());
            assertNoNeedleIn(dir, needles);
            profile.backupTo(temp.resolve("backup"));
            assertNoNeedleIn(temp.resolve("backup"), needles);
            assertOwnerOnly(temp.resolve("backup"));
        }
        assertNoNeedleIn(dir, needles);
        byte[] header = Files.readAllBytes(dir.resolve(Profile.HEADER_FILE));
        ProfileHeader parsed = ProfileHeader.read(dir.resolve(Profile.HEADER_FILE));
        byte[] databaseKey = KeyDerivation.deriveKey(TestProfiles.PASSPHRASE.clone(), parsed.saltBytes(), parsed.parameters());
        assertFalse(contains(header, databaseKey));
        for (Path file : files(dir)) {
            assertFalse(contains(Files.readAllBytes(file), databaseKey), "database key in " + file);
        }
    }

    private static void assertOwnerOnly(Path dir) throws IOException {
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        for (Path file : files(dir)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        }
    }

    private static void assertNoNeedleIn(Path dir, List<byte[]> needles) throws IOException {
        List<Path> files = files(dir);
        assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().equals(Profile.DATABASE_FILE)));
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            for (byte[] needle : needles) {
                assertFalse(contains(content, needle), "plaintext found in " + file.getFileName());
            }
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isRegularFile).toList();
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
