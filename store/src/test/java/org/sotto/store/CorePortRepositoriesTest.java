package org.sotto.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What schema version 2 adds for core's persistence ports: message keys, fine timestamps, outbox, archive positions. */
class CorePortRepositoriesTest {
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

    private Message.Builder incoming(String key, Instant at) {
        return Message.builder(chat.id(), Direction.INCOMING, "friend@example.org", at).body("hi " + key).key(key);
    }

    @Test
    void messagesKeepTheirKeyAndNanosecondTimes() {
        Instant at = Instant.parse("2026-01-01T10:00:00.123456789Z");
        long id = db.messages().insert(incoming("k-1", at).build()).id();
        Message stored = db.messages().findByKey("k-1").orElseThrow();
        assertEquals(id, stored.id());
        assertEquals(at, stored.sentAt());
        assertEquals("k-1", stored.key());
        assertTrue(db.messages().findByKey("unknown").isEmpty());
        // a key is unique in the profile
        Conversation other = db.conversations().open(account.id(), "other@example.org", ConversationKind.CHAT);
        assertThrows(StoreException.class, () -> db.messages().insert(
                Message.builder(other.id(), Direction.INCOMING, "other@example.org", at).key("k-1").build()));
    }

    @Test
    void timelineOrdersBelowTheMillisecond() {
        Instant base = Instant.parse("2026-01-01T10:00:00Z");
        // inserted out of order, a microsecond apart: the archive's order must survive
        db.messages().insert(incoming("c", base.plusNanos(2_000)).build());
        db.messages().insert(incoming("a", base).build());
        db.messages().insert(incoming("b", base.plusNanos(1_000)).build());
        assertEquals(List.of("a", "b", "c"), db.messages().newest(chat.id(), 10).stream().map(Message::key).toList());
        assertEquals(List.of("a", "b"), db.messages().newestBefore(chat.id(), base.plusNanos(2_000), 10).stream()
                .map(Message::key).toList());
        assertEquals(List.of("b"), db.messages().newestBefore(chat.id(), base.plusNanos(2_000), 1).stream()
                .map(Message::key).toList());
        long c = db.messages().findByKey("c").orElseThrow().id();
        assertEquals(List.of("a", "b"), db.messages().before(c, 10).stream().map(Message::key).toList());
    }

    @Test
    void findSameFollowsCoresDeduplicationRules() {
        Instant at = Instant.parse("2026-01-01T10:00:00Z");
        db.messages().insert(incoming("with-origin", at).originId("o-1").stanzaId("s-1").archiveId("a-1", "me@example.org").build());
        db.messages().insert(incoming("without-origin", at).stanzaId("s-2").build());
        long first = db.messages().findByKey("with-origin").orElseThrow().id();
        long second = db.messages().findByKey("without-origin").orElseThrow().id();
        Conversation other = db.conversations().open(account.id(), "other@example.org", ConversationKind.CHAT);

        // the archive id matches across the account's conversations
        assertEquals(Optional.of(first), db.messages().findSame(account.id(), "other@example.org", "x", null, null, "a-1"));
        // origin id: same conversation and sender only
        assertEquals(Optional.of(first), db.messages().findSame(account.id(), "friend@example.org", "friend@example.org", "o-1", null, null));
        assertTrue(db.messages().findSame(account.id(), "friend@example.org", "eve@example.org", "o-1", null, null).isEmpty());
        assertTrue(db.messages().findSame(account.id(), "other@example.org", "friend@example.org", "o-1", null, null).isEmpty());
        // stanza id counts only between messages without origin id
        assertEquals(Optional.of(second), db.messages().findSame(account.id(), "friend@example.org", "friend@example.org", null, "s-2", null));
        assertTrue(db.messages().findSame(account.id(), "friend@example.org", "friend@example.org", null, "s-1", null).isEmpty());
        assertTrue(db.messages().findSame(account.id(), "friend@example.org", "friend@example.org", "o-9", "s-2", null).isEmpty());
        // another account's archive ids are not ours
        Account second2 = db.accounts().add("second@example.org", null, null);
        assertTrue(db.messages().findSame(second2.id(), "friend@example.org", "friend@example.org", null, null, "a-1").isEmpty());
        db.accounts().remove(second2.id());
        assertTrue(other.id() > 0);
    }

    @Test
    void referencesRewriteReactionsAndScrollbackPosition() {
        Instant at = Instant.parse("2026-01-01T10:00:00Z");
        db.messages().insert(incoming("old", at).stanzaId("dup").archiveId("a-old", "me@example.org").build());
        db.messages().insert(incoming("new", at.plusSeconds(1)).stanzaId("dup").originId("o-new").build());
        assertEquals("new", db.messages().findByAnyId(chat.id(), "dup").orElseThrow().key());
        assertEquals("old", db.messages().findByAnyId(chat.id(), "a-old").orElseThrow().key());
        assertEquals("new", db.messages().findByAnyId(chat.id(), "o-new").orElseThrow().key());
        assertTrue(db.messages().findByAnyId(chat.id(), "nothing").isEmpty());
        assertEquals(Optional.of("a-old"), db.messages().oldestArchiveId(chat.id()));

        Message current = db.messages().findByKey("new").orElseThrow();
        Instant edited = at.plusSeconds(5);
        db.messages().rewrite(current.id(), Message.builder(chat.id(), Direction.INCOMING, "friend@example.org", at)
                .stanzaId("dup").originId("o-new").archiveId("a-new", "me@example.org").body("corrected")
                .delivery(Delivery.RECEIVED).editedAt(edited).build());
        Message rewritten = db.messages().get(current.id()).orElseThrow();
        assertEquals("corrected", rewritten.body());
        assertEquals(edited, rewritten.editedAt());
        assertEquals("a-new", rewritten.archiveId());
        assertEquals(at.plusSeconds(1), rewritten.sentAt()); // times stay
        assertEquals(1, db.messages().search("corrected", 10).size());
        assertThrows(StoreException.class, () -> db.messages().rewrite(-1, rewritten));

        db.messages().replaceReactions(current.id(), Map.of("a@x", Set.of("👍"), "b@x", Set.of("🎉", "❤")), at);
        assertEquals(Map.of("a@x", Set.of("👍"), "b@x", Set.of("🎉", "❤")), db.messages().reactions(current.id()));
        db.messages().replaceReactions(current.id(), Map.of("b@x", Set.of("❤")), at);
        assertEquals(Map.of("b@x", Set.of("❤")), db.messages().reactions(current.id()));
    }

    @Test
    void outboxKeepsOrderReplacesByStanzaIdAndIsPerAccount() {
        Account other = db.accounts().add("other-account@example.org", null, null);
        db.outbox().enqueue(account.id(), "friend@example.org", "k1", "s1", "<message id='s1'/>");
        db.outbox().enqueue(account.id(), "friend@example.org", "k2", "s2", "<message id='s2'/>");
        db.outbox().enqueue(other.id(), "friend@example.org", "k3", "s1", "<message id='s1' other=''/>");
        // the same stanza id again: new content, old place
        db.outbox().enqueue(account.id(), "friend@example.org", "k1", "s1", "<message id='s1' v='2'/>");
        List<QueuedStanza> pending = db.outbox().pending(account.id());
        assertEquals(List.of("s1", "s2"), pending.stream().map(QueuedStanza::stanzaId).toList());
        assertEquals("<message id='s1' v='2'/>", pending.get(0).stanzaXml());
        assertEquals("k1", pending.get(0).messageKey());
        assertFalse(pending.get(0).toString().contains("<message"));

        assertTrue(db.outbox().remove(account.id(), "s1"));
        assertFalse(db.outbox().remove(account.id(), "s1"));
        assertEquals(List.of("s2"), db.outbox().pending(account.id()).stream().map(QueuedStanza::stanzaId).toList());
        assertEquals(1, db.outbox().pending(other.id()).size());
        db.outbox().clear(account.id());
        assertTrue(db.outbox().pending(account.id()).isEmpty());
        // removing an account takes its queue with it
        db.accounts().remove(other.id());
        assertTrue(db.outbox().pending(other.id()).isEmpty());
    }

    @Test
    void archivePositions() {
        assertTrue(db.archivePositions().lastArchiveId(account.id(), "me@example.org").isEmpty());
        db.archivePositions().save(account.id(), "me@example.org", "a-1");
        db.archivePositions().save(account.id(), "me@example.org", "a-2");
        db.archivePositions().save(account.id(), "room@muc.example.org", "r-1");
        assertEquals(Optional.of("a-2"), db.archivePositions().lastArchiveId(account.id(), "me@example.org"));
        assertEquals(Optional.of("r-1"), db.archivePositions().lastArchiveId(account.id(), "room@muc.example.org"));
        db.archivePositions().clear(account.id());
        assertTrue(db.archivePositions().lastArchiveId(account.id(), "room@muc.example.org").isEmpty());
        db.archivePositions().save(account.id(), "me@example.org", "a-3");
        db.accounts().remove(account.id());
        assertTrue(db.archivePositions().lastArchiveId(account.id(), "me@example.org").isEmpty());
    }

    @Test
    void inboundJournalKeepsArrivalOrderDeletesWithTheStoredMessageAndCascades() {
        long first = db.inboundJournal().append(account.id(), "<message id='j1'><body>one</body></message>", Instant.ofEpochMilli(5));
        long second = db.inboundJournal().append(account.id(), "<message id='j2'/>", Instant.ofEpochMilli(6));
        assertEquals(List.of(first, second), db.inboundJournal().pending(account.id()).stream().map(JournaledStanza::id).toList());
        assertEquals("<message id='j1'><body>one</body></message>", db.inboundJournal().pending(account.id()).get(0).stanzaXml());
        assertEquals(Instant.ofEpochMilli(5), db.inboundJournal().pending(account.id()).get(0).receivedAt());
        // the message and the journal deletion commit together, or neither does
        assertThrows(IllegalStateException.class, () -> db.transaction(() -> {
            db.messages().insert(incoming("j1", Instant.ofEpochMilli(1_000)).build());
            db.inboundJournal().remove(account.id(), first);
            throw new IllegalStateException("simulated failure before commit");
        }));
        assertEquals(2, db.inboundJournal().pending(account.id()).size());
        assertTrue(db.messages().findByKey("j1").isEmpty());
        db.transaction(() -> {
            db.messages().insert(incoming("j1", Instant.ofEpochMilli(1_000)).build());
            return db.inboundJournal().remove(account.id(), first);
        });
        assertEquals(List.of(second), db.inboundJournal().pending(account.id()).stream().map(JournaledStanza::id).toList());
        assertFalse(db.inboundJournal().remove(account.id(), first));
        db.accounts().remove(account.id());
        assertTrue(db.inboundJournal().pending(account.id()).isEmpty());
    }

    @Test
    void chatListReadsTheNewestShownMessageOfEachConversationAndUnreadCountsByPeer() {
        Instant base = Instant.parse("2026-01-01T10:00:00Z");
        db.messages().insert(incoming("old", base).build());
        // the same millisecond, a microsecond later: newer
        db.messages().insert(incoming("newest", base.plusNanos(1_000)).read(true).build());
        db.messages().insert(incoming("older-inserted-later", base.minusSeconds(5)).build());
        // a bookkeeping row is never the newest, however late
        db.messages().insert(Message.builder(chat.id(), Direction.INCOMING, "friend@example.org", base.plusSeconds(60))
                .refersTo(ReferenceKind.REACTION, "newest").read(true).key("reaction").build());
        Conversation room = db.conversations().open(account.id(), "room@muc.example.org", ConversationKind.GROUP);
        db.messages().insert(Message.builder(room.id(), Direction.OUTGOING, "room@muc.example.org/me", base.minusSeconds(1))
                .body("mine").key("room-1").build());
        db.conversations().open(account.id(), "silent@example.org", ConversationKind.CHAT); // no messages: not listed
        Account other = db.accounts().find("other@example.org").orElseGet(() -> db.accounts().add("other@example.org", "pw", "r"));
        Conversation elsewhere = db.conversations().open(other.id(), "friend@example.org", ConversationKind.CHAT);
        db.messages().insert(Message.builder(elsewhere.id(), Direction.INCOMING, "friend@example.org", base.plusSeconds(9))
                .key("elsewhere-" + account.id()).build());

        List<NewestMessage> newest = db.messages().newestPerConversation(account.id());
        Map<String, NewestMessage> byPeer = new java.util.HashMap<>();
        newest.forEach(n -> byPeer.put(n.peerJid(), n));
        assertEquals(Set.of("friend@example.org", "room@muc.example.org"), byPeer.keySet());
        assertEquals(2, newest.size());
        assertEquals("newest", byPeer.get("friend@example.org").message().key());
        assertEquals(ConversationKind.CHAT, byPeer.get("friend@example.org").kind());
        assertEquals(base.plusNanos(1_000), byPeer.get("friend@example.org").message().sentAt());
        assertEquals("room-1", byPeer.get("room@muc.example.org").message().key());
        assertEquals(ConversationKind.GROUP, byPeer.get("room@muc.example.org").kind());

        // unread: incoming and not read, per peer; outgoing, read and other accounts' messages do not count
        assertEquals(Map.of("friend@example.org", 2), db.messages().unreadCountsByPeer(account.id()));
        db.messages().markRead(db.messages().findByKey("old").orElseThrow().id());
        assertEquals(Map.of("friend@example.org", 1), db.messages().unreadCountsByPeer(account.id()));
        assertEquals(Map.of("friend@example.org", 1), db.messages().unreadCountsByPeer(other.id()));
        db.accounts().remove(other.id());
    }
}
