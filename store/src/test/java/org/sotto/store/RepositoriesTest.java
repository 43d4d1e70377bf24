package org.sotto.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.crypto.OmemoVersion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RepositoriesTest {
    @TempDir
    static Path temp;
    static Profile profile;
    static Database db;
    Account account;
    Conversation chat;

    @BeforeAll
    static void open() {
        profile = TestProfiles.create(temp.resolve("profile"));
        db = profile.database();
    }

    @AfterAll
    static void close() {
        profile.close();
    }

    @BeforeEach
    void freshAccount() {
        db.accounts().find("me@example.org").ifPresent(a -> db.accounts().remove(a.id()));
        account = db.accounts().add("me@example.org", "pw", "desk");
        chat = db.conversations().open(account.id(), "friend@example.org", ConversationKind.CHAT);
    }

    private Message.Builder incoming(String body, Instant at) {
        return Message.builder(chat.id(), Direction.INCOMING, "friend@example.org", at).body(body)
                .encryption(MessageEncryption.E2EE_TRUSTED);
    }

    @Test
    void accounts() {
        db.accounts().setSettings(account.id(), Map.of("theme", "dark"));
        db.accounts().setEnabled(account.id(), false);
        db.accounts().setPassword(account.id(), "new");
        Account stored = db.accounts().get(account.id()).orElseThrow();
        assertEquals(Map.of("theme", "dark"), stored.settings());
        assertFalse(stored.enabled());
        assertEquals("new", stored.password());
        assertFalse(stored.toString().contains("new"));
        assertThrows(StoreException.class, () -> db.accounts().add("me@example.org", "pw", null));
        assertThrows(StoreException.class, () -> db.accounts().setPassword(-5, "x"));
    }

    @Test
    void rosterCache() {
        Contact bob = new Contact(account.id(), "bob@example.org", "Bob", Subscription.BOTH, false, Set.of("Friends", "Work"));
        Contact eve = new Contact(account.id(), "eve@example.org", null, Subscription.TO, true, Set.of());
        db.contacts().replaceRoster(account.id(), List.of(bob, eve), "ver-7");
        assertEquals(List.of(bob, eve), db.contacts().list(account.id()));
        assertEquals("ver-7", db.accounts().get(account.id()).orElseThrow().rosterVersion());

        db.contacts().put(new Contact(account.id(), "bob@example.org", "Bobby", Subscription.FROM, false, Set.of("Work")), "ver-8");
        Contact changed = db.contacts().find(account.id(), "bob@example.org").orElseThrow();
        assertEquals(Set.of("Work"), changed.groups());
        assertEquals("Bobby", changed.name());
        assertEquals("ver-8", db.accounts().get(account.id()).orElseThrow().rosterVersion());

        db.contacts().remove(account.id(), "eve@example.org", "ver-9");
        assertEquals(List.of("bob@example.org"), db.contacts().list(account.id()).stream().map(Contact::jid).toList());
        assertEquals("ver-9", db.accounts().get(account.id()).orElseThrow().rosterVersion());

        db.contacts().replaceRoster(account.id(), List.of(eve), "ver-10");
        assertEquals(List.of(eve), db.contacts().list(account.id()));
        assertEquals("ver-10", db.accounts().get(account.id()).orElseThrow().rosterVersion());
    }

    @Test
    void avatarsAreKeptByHashWhileSomeJidAnnouncesThem() {
        StoredAvatar red = new StoredAvatar("aaaa", "image/png", AvatarSource.PEP, new byte[] {1, 2, 3});
        StoredAvatar blue = new StoredAvatar("bbbb", "image/jpeg", AvatarSource.VCARD, new byte[] {4, 5});
        assertEquals(Optional.empty(), db.avatars().announced(account.id(), "bob@example.org"));
        db.avatars().save(account.id(), "bob@example.org", red);
        db.avatars().save(account.id(), "eve@example.org", red);
        assertEquals(Optional.of("aaaa"), db.avatars().announced(account.id(), "bob@example.org"));
        assertEquals(Optional.of(red), db.avatars().find(account.id(), "aaaa"));
        assertEquals(1L, (long) db.first("SELECT count(*) FROM avatar", r -> r.getLong(1)).orElseThrow(), "kept once");
        db.avatars().setAnnounced(account.id(), "carol@example.org", "cccc"); // announced, image not fetched
        assertEquals(Map.of("bob@example.org", "aaaa", "eve@example.org", "aaaa"), db.avatars().pictures(account.id()),
                "only pictures the profile holds");

        db.avatars().save(account.id(), "bob@example.org", blue);
        assertTrue(db.avatars().contains(account.id(), "aaaa"), "eve still announces it");
        db.avatars().setAnnounced(account.id(), "eve@example.org", "");
        assertFalse(db.avatars().contains(account.id(), "aaaa"), "nobody announces it any more");
        assertEquals(Optional.of(""), db.avatars().announced(account.id(), "eve@example.org"));
        assertEquals(Optional.of(blue), db.avatars().find(account.id(), "bbbb"));

        db.avatars().forget(account.id(), "bob@example.org");
        assertFalse(db.avatars().contains(account.id(), "bbbb"));
        db.avatars().save(account.id(), "bob@example.org", blue);
        db.accounts().remove(account.id());
        assertEquals(0L, (long) db.first("SELECT count(*) FROM avatar", r -> r.getLong(1)).orElseThrow(), "cascade");
    }

    @Test
    void conversationsAndExplicitPlaintextChoice() {
        assertEquals(chat, db.conversations().open(account.id(), "friend@example.org", ConversationKind.CHAT));
        assertEquals(EncryptionPreference.OMEMO, chat.encryption());
        db.conversations().setEncryption(chat.id(), EncryptionPreference.PLAINTEXT);
        Conversation plain = db.conversations().get(chat.id()).orElseThrow();
        assertEquals(EncryptionPreference.PLAINTEXT, plain.encryption());
        assertTrue(plain.plaintextChosenAt() != null);
        Conversation room = db.conversations().open(account.id(), "room@muc.example.org", ConversationKind.GROUP);
        db.messages().insert(incoming("hi", Instant.ofEpochSecond(100)).build());
        // a conversation without messages sorts by its creation, one with messages by its newest message
        assertEquals(List.of(room.id(), chat.id()),
                db.conversations().list(account.id()).stream().map(Conversation::id).toList());
    }

    @Test
    void insertDeduplicatesByOriginIdAndByArchiveId() {
        Instant t = Instant.ofEpochSecond(1_000);
        InsertResult first = db.messages().insert(incoming("hello", t).originId("o-1").stanzaId("s-1").build());
        assertTrue(first.isNew());
        InsertResult again = db.messages().insert(incoming("hello", t).originId("o-1").archiveId("a-1", "me@example.org").build());
        assertFalse(again.isNew());
        assertEquals(first.id(), again.id());
        // another sender may use the same origin id: not a duplicate
        assertTrue(db.messages().insert(Message.builder(chat.id(), Direction.OUTGOING, "me@example.org", t)
                .originId("o-1").body("mine").build()).isNew());

        InsertResult archived = db.messages().insert(incoming("from mam", t).archiveId("a-2", "me@example.org").build());
        InsertResult archivedAgain = db.messages().insert(incoming("from mam", t).archiveId("a-2", "me@example.org").build());
        assertEquals(archived.id(), archivedAgain.id());
        assertFalse(archivedAgain.isNew());
        // the same archive id from another archive is another message
        assertTrue(db.messages().insert(incoming("from the room", t).archiveId("a-2", "room@muc.example.org").build()).isNew());
        // without any id every insert is new
        assertTrue(db.messages().insert(incoming("no ids", t).build()).isNew());
        assertTrue(db.messages().insert(incoming("no ids", t).build()).isNew());

        assertEquals(first.id(), db.messages().findByStanzaId(chat.id(), "friend@example.org", "s-1").orElseThrow().id());
        assertEquals(first.id(), db.messages().findByOriginId(chat.id(), "friend@example.org", "o-1").orElseThrow().id());
        assertEquals(archived.id(), db.messages().findByArchiveId(chat.id(), "me@example.org", "a-2").orElseThrow().id());
    }

    @Test
    void timelinePagesAreOrderedAndSkipBookkeepingRows() {
        for (int i = 0; i < 30; i++) {
            db.messages().insert(incoming("message " + i, Instant.ofEpochSecond(10_000 + i)).build());
        }
        db.messages().insert(incoming("👍", Instant.ofEpochSecond(20_000)).refersTo(ReferenceKind.REACTION, "x").build());
        List<Message> newest = db.messages().newest(chat.id(), 10);
        assertEquals("message 20", newest.get(0).body());
        assertEquals("message 29", newest.get(9).body());
        List<Message> before = db.messages().before(newest.get(0).id(), 15);
        assertEquals(15, before.size());
        assertEquals("message 5", before.get(0).body());
        assertEquals("message 19", before.get(14).body());
        assertEquals(5, db.messages().before(before.get(0).id(), 15).size());
        assertEquals(Instant.ofEpochSecond(10_029), db.messages().latestSentAt(chat.id()).orElseThrow());
    }

    @Test
    void deliveryReadCorrectionRetractionReactions() {
        long out = db.messages().insert(Message.builder(chat.id(), Direction.OUTGOING, "me@example.org", Instant.ofEpochSecond(5))
                .body("typo").encryption(MessageEncryption.E2EE_VERIFIED).build()).id();
        assertEquals(Delivery.PENDING, db.messages().get(out).orElseThrow().delivery());
        db.messages().setDelivery(out, Delivery.DELIVERED);
        assertEquals(Delivery.DELIVERED, db.messages().get(out).orElseThrow().delivery());

        long in1 = db.messages().insert(incoming("one", Instant.ofEpochSecond(6)).build()).id();
        long in2 = db.messages().insert(incoming("two", Instant.ofEpochSecond(7)).build()).id();
        db.messages().insert(incoming("three", Instant.ofEpochSecond(8)).build());
        assertEquals(3, db.messages().countUnread(chat.id()));
        assertEquals(2, db.messages().markReadUpTo(chat.id(), in2));
        assertEquals(1, db.messages().countUnread(chat.id()));
        assertTrue(db.messages().get(in1).orElseThrow().read());

        db.messages().applyCorrection(out, "typo fixed", Instant.ofEpochSecond(9));
        Message corrected = db.messages().get(out).orElseThrow();
        assertEquals("typo fixed", corrected.body());
        assertEquals(Instant.ofEpochSecond(9), corrected.editedAt());
        assertEquals(List.of(out), db.messages().search("fixed", 10).stream().map(Message::id).toList());

        db.messages().retract(in1, Instant.ofEpochSecond(10));
        Message retracted = db.messages().get(in1).orElseThrow();
        assertNull(retracted.body());
        assertEquals(Instant.ofEpochSecond(10), retracted.retractedAt());
        assertTrue(db.messages().search("one", 10).isEmpty());

        db.messages().setReactions(in2, "friend@example.org", Set.of("👍"), Instant.ofEpochSecond(11));
        db.messages().setReactions(in2, "me@example.org", Set.of("❤️", "😂"), Instant.ofEpochSecond(12));
        assertEquals(Map.of("friend@example.org", Set.of("👍"), "me@example.org", Set.of("❤️", "😂")), db.messages().reactions(in2));
        db.messages().setReactions(in2, "friend@example.org", Set.of(), Instant.ofEpochSecond(13));
        assertEquals(Set.of("me@example.org"), db.messages().reactions(in2).keySet());

        long reply = db.messages().insert(incoming("answer", Instant.ofEpochSecond(14)).replyTo("s-orig", "me@example.org").build()).id();
        assertEquals("s-orig", db.messages().get(reply).orElseThrow().replyToId());
        long undecryptable = db.messages().insert(incoming(null, Instant.ofEpochSecond(15))
                .encryption(MessageEncryption.UNDECRYPTABLE, "no session for device 42").build()).id();
        assertEquals("no session for device 42", db.messages().get(undecryptable).orElseThrow().encryptionReason());
    }

    @Test
    void fullTextSearchTreatsInputAsWords() {
        db.messages().insert(incoming("Let us meet at the Café near the station", Instant.ofEpochSecond(1)).build());
        db.messages().insert(incoming("the station is closed", Instant.ofEpochSecond(2)).build());
        Conversation other = db.conversations().open(account.id(), "other@example.org", ConversationKind.CHAT);
        db.messages().insert(Message.builder(other.id(), Direction.INCOMING, "other@example.org", Instant.ofEpochSecond(3))
                .body("station wagon").build());

        assertEquals(List.of("station wagon", "the station is closed", "Let us meet at the Café near the station"),
                db.messages().search("station", 10).stream().map(Message::body).toList());
        assertEquals(1, db.messages().search("cafe", 10).size(), "diacritics are folded");
        assertEquals(1, db.messages().search("station clo", 10).size(), "all words, the last as a prefix");
        assertEquals(2, db.messages().search(chat.id(), "station", 10).size());
        // FTS5 syntax in user input is just text, never an error
        assertTrue(db.messages().search("\"unbalanced AND OR NEAR( *", 10).isEmpty());
        assertTrue(db.messages().search("   ", 10).isEmpty());
        assertEquals("\"a\"\"b\" \"c\"*", MessageRepository.ftsQuery(" a\"b  c "));
    }

    @Test
    void attachmentsAndDrafts() {
        long message = db.messages().insert(incoming(null, Instant.ofEpochSecond(1)).build()).id();
        byte[] key = new byte[44];
        key[0] = 7;
        Attachment added = db.attachments().add(new Attachment(0, message, "aesgcm://upload.example.org/f.jpg", "f.jpg",
                "image/jpeg", 1234L, new byte[32], key, null, AttachmentState.PENDING));
        db.attachments().setDownloaded(added.id(), "/home/me/Downloads/f.jpg");
        Attachment stored = db.attachments().forMessage(message).get(0);
        assertArrayEquals(key, stored.fileKey());
        assertEquals(AttachmentState.DONE, stored.state());
        assertEquals("/home/me/Downloads/f.jpg", stored.localPath());

        db.attachments().update(new Attachment(stored.id(), message, stored.url(), "f.jpg", "image/jpeg", 1234L, null,
                key, null, AttachmentState.FAILED, "NOT_FOUND"));
        Attachment failed = db.attachments().get(stored.id()).orElseThrow();
        assertEquals(AttachmentState.FAILED, failed.state());
        assertEquals("NOT_FOUND", failed.failure());
        db.attachments().setDownloaded(added.id(), "again.aesgcm");
        assertEquals(null, db.attachments().get(stored.id()).orElseThrow().failure(), "a finished transfer forgets its failure");
        db.attachments().delete(stored.id());
        assertTrue(db.attachments().forMessage(message).isEmpty());

        db.drafts().save(chat.id(), "half a thought", "s-9");
        assertEquals("half a thought", db.drafts().find(chat.id()).orElseThrow().body());
        db.drafts().save(chat.id(), "", null);
        assertTrue(db.drafts().find(chat.id()).isEmpty());
    }

    @Test
    void theFilesOfAPageOfMessagesComeInOneQuery() {
        List<Long> page = new ArrayList<>();
        for (int i = 0; i < 600; i++) { // more than one chunk of bound parameters
            page.add(db.messages().insert(incoming("m" + i, Instant.ofEpochSecond(10 + i)).stanzaId("s" + i).build()).id());
        }
        long withTwo = page.get(3);
        long withOne = page.get(555);
        Attachment first = db.attachments().add(new Attachment(0, withTwo, "https://up.example/a", "a.png", "image/png",
                10L, null, new byte[44], null, AttachmentState.PENDING));
        db.attachments().add(new Attachment(0, withTwo, "https://up.example/b", "b.png", "image/png", 20L, null,
                new byte[44], null, AttachmentState.PENDING));
        Attachment other = db.attachments().add(new Attachment(0, withOne, "https://up.example/c", "c.pdf",
                "application/pdf", 30L, null, new byte[44], "c.aesgcm", AttachmentState.DONE));

        Map<Long, Attachment> found = db.attachments().firstForMessages(page);
        assertEquals(Set.of(withTwo, withOne), found.keySet());
        assertEquals(first.id(), found.get(withTwo).id(), "the first of a message's files");
        assertEquals(other.id(), found.get(withOne).id());
        assertTrue(db.attachments().firstForMessages(List.of()).isEmpty());
    }

    @Test
    void removingAnAccountRemovesEverythingItOwns() {
        long message = db.messages().insert(incoming("bye", Instant.ofEpochSecond(1)).build()).id();
        db.accounts().remove(account.id());
        assertTrue(db.messages().get(message).isEmpty());
        assertTrue(db.conversations().get(chat.id()).isEmpty());
        assertTrue(db.messages().search("bye", 5).isEmpty());
    }

    @Test
    void aUnitOfWorkCommitsTogetherOrNotAtAll() {
        RuntimeException failure = assertThrows(IllegalStateException.class, () -> db.transaction(() -> {
            db.messages().insert(incoming("lost", Instant.ofEpochSecond(1)).build());
            db.omemo().sessions().put(account.id(), "friend@example.org", 1, OmemoVersion.V2, new byte[] {1});
            throw new IllegalStateException("encryption failed");
        }));
        assertEquals("encryption failed", failure.getMessage());
        assertTrue(db.messages().newest(chat.id(), 5).isEmpty());
        assertTrue(db.omemo().sessions().find(account.id(), "friend@example.org", 1, OmemoVersion.V2).isEmpty());

        // a checked exception from the work (say, crypto's OmemoException) also rolls back and reaches the caller
        IOException checked = assertThrows(IOException.class, () -> db.transaction(() -> {
            db.messages().insert(incoming("also lost", Instant.ofEpochSecond(1)).build());
            throw new IOException("checked");
        }));
        assertEquals("checked", checked.getMessage());
        assertTrue(db.messages().newest(chat.id(), 5).isEmpty());

        long id = db.transaction(() -> {
            db.omemo().sessions().put(account.id(), "friend@example.org", 1, OmemoVersion.V2, new byte[] {2});
            return db.messages().insert(incoming("kept", Instant.ofEpochSecond(2)).build()).id();
        });
        assertEquals("kept", db.messages().get(id).orElseThrow().body());
        assertArrayEquals(new byte[] {2}, db.omemo().sessions()
                .find(account.id(), "friend@example.org", 1, OmemoVersion.V2).orElseThrow());
    }
}
