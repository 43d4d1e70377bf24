package org.sotto.core.internal.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Draft;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.chat.SendFailure;
import org.sotto.core.api.chat.UndecryptableReason;
import org.sotto.core.api.file.FileException;
import org.sotto.core.api.file.TransferState;
import org.sotto.core.internal.files.SharedFile;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.files.FileCipher;

/**
 * What every {@link Persistence} must do, run against each implementation (memory, and the encrypted store).
 * {@link #reopen} stands for a restart: what was written must still be there afterwards.
 */
public abstract class PersistenceContract {
    protected static final String ME = "me@example.org";
    protected static final String FRIEND = "friend@example.org";
    protected static final String OTHER = "other@example.org";
    protected static final String ROOM = "room@muc.example.org";
    protected static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123456789Z");

    protected Persistence persistence;

    /** A fresh, empty persistence. */
    protected abstract Persistence open() throws Exception;

    /** The same data after a restart (for memory: the same object). */
    protected abstract Persistence reopen(Persistence current) throws Exception;

    protected void close(Persistence current) throws Exception {
    }

    @BeforeEach
    void openWithAccounts() throws Exception {
        persistence = open();
        persistence.accounts().save(AccountRecord.of(ME));
        persistence.accounts().save(AccountRecord.of(OTHER));
    }

    @AfterEach
    void closePersistence() throws Exception {
        close(persistence);
    }

    protected static ChatMessage incoming(String peer, String body, Instant at, String messageId, String originId,
                                          String archiveId) {
        return new ChatMessage(UUID.randomUUID().toString(), ME, peer, ChatKind.CHAT, Direction.INCOMING, peer, body, at,
                Optional.ofNullable(messageId), Optional.ofNullable(originId), Optional.ofNullable(archiveId),
                MessageStatus.RECEIVED, Encryption.PLAINTEXT, Optional.empty(), false, false, Map.of());
    }

    private static ChatMessage withKey(ChatMessage m, String key) {
        return new ChatMessage(key, m.account(), m.peer(), m.kind(), m.direction(), m.sender(), m.body(), m.timestamp(),
                m.messageId(), m.originId(), m.archiveId(), m.status(), m.encryption(), m.replyToId(), m.edited(),
                m.retracted(), m.reactions());
    }

    private static ChatMessage from(ChatMessage m, String sender) {
        return new ChatMessage(UUID.randomUUID().toString(), m.account(), m.peer(), m.kind(), m.direction(), sender,
                m.body(), m.timestamp(), m.messageId(), m.originId(), m.archiveId(), m.status(), m.encryption(),
                m.replyToId(), m.edited(), m.retracted(), m.reactions());
    }

    private List<ChatMessage> all(String peer) {
        return persistence.messages().history(ME, peer, Optional.empty(), 1000);
    }

    @Test
    void accountsAndPasswords() throws Exception {
        AccountRecord full = AccountRecord.of(ME).withResource("desk").withServer("127.0.0.1", 15222)
                .withPinnedCertificate("AA:BB").withPinnedCertificate("CC:DD").withEnabled(false);
        persistence.accounts().save(full);
        persistence.accounts().savePassword(ME, "s3cret");
        persistence.accounts().savePassword(ME, "s3cret-2");
        persistence = reopen(persistence);
        assertEquals(Optional.of(full), persistence.accounts().find(ME));
        assertEquals(List.of(ME, OTHER), persistence.accounts().accounts().stream().map(AccountRecord::jid).toList());
        assertEquals(Optional.of("s3cret-2"), persistence.accounts().password(ME));
        assertEquals(Optional.of(AccountRecord.of(OTHER)), persistence.accounts().find(OTHER));
        assertEquals(OptionalInt.empty(), persistence.accounts().find(OTHER).orElseThrow().port());

        persistence.accounts().save(AccountRecord.of(ME));
        assertEquals(Optional.of(AccountRecord.of(ME)), persistence.accounts().find(ME));
        persistence.accounts().remove(ME);
        assertTrue(persistence.accounts().find(ME).isEmpty());
        assertTrue(persistence.accounts().password(ME).isEmpty());
        assertTrue(persistence.accounts().find("nobody@example.org").isEmpty());
    }

    @Test
    void searchFindsWholeWordsAndALastPrefixInOneChatOrAllNewestStoredFirst() throws Exception {
        persistence.messages().append(incoming(FRIEND, "Coffee at the station?", T0, "s-1", null, null));
        persistence.messages().append(incoming(FRIEND, "the train is late", T0.plusSeconds(1), "s-2", null, null));
        persistence.messages().append(incoming(ROOM, "station coffee tomorrow", T0.plusSeconds(2), "s-3", null, null));
        ChatMessage elsewhere = new ChatMessage(UUID.randomUUID().toString(), OTHER, FRIEND, ChatKind.CHAT,
                Direction.INCOMING, FRIEND, "coffee for the other account", T0, Optional.of("s-4"), Optional.empty(),
                Optional.empty(), MessageStatus.RECEIVED, Encryption.PLAINTEXT, Optional.empty(), false, false, Map.of());
        persistence.messages().append(elsewhere);
        persistence = reopen(persistence);
        MessageLog log = persistence.readOnlyMessages();

        assertEquals(List.of("station coffee tomorrow", "Coffee at the station?"),
                log.search(ME, Optional.empty(), "COFFEE stat", 10).stream().map(ChatMessage::body).toList());
        List<ChatMessage> inChat = log.search(ME, Optional.of(FRIEND), "coffee", 10);
        assertEquals(List.of("Coffee at the station?"), inChat.stream().map(ChatMessage::body).toList());
        assertEquals(FRIEND, inChat.get(0).peer());
        assertEquals(Optional.of("s-1"), inChat.get(0).messageId());
        assertEquals(List.of(), log.search(ME, Optional.empty(), "coff station", 10), "only the last word is a prefix");
        assertEquals(List.of(), log.search(ME, Optional.empty(), "   ", 10));
        assertEquals(1, log.search(ME, Optional.empty(), "coffee", 1).size());
        assertEquals(List.of(), log.search(ME, Optional.of("nobody@example.org"), "coffee", 10));
        assertEquals(List.of("coffee for the other account"),
                log.search(OTHER, Optional.empty(), "\"coffee", 10).stream().map(ChatMessage::body).toList(),
                "query syntax is plain text");
    }

    @Test
    void mutedAndPinnedChatsSurviveARestart() throws Exception {
        persistence.chatSettings().setPinned(ME, FRIEND, true);
        persistence.chatSettings().setMuted(ME, ROOM, true);
        persistence.chatSettings().setMuted(ME, OTHER, true);
        persistence.chatSettings().setMuted(ME, OTHER, false);
        persistence = reopen(persistence);
        assertEquals(Map.of(FRIEND, new ChatSettings.Setting(false, true), ROOM, new ChatSettings.Setting(true, false)),
                persistence.chatSettings().all(ME));
        assertEquals(Map.of(), persistence.chatSettings().all(OTHER));
    }

    @Test
    void oneDraftPerChatSurvivesARestartAndAnEmptyOneClearsIt() throws Exception {
        persistence.drafts().save(ME, FRIEND, new Draft("half a thought", Optional.of("m-1")));
        persistence.drafts().save(ME, FRIEND, Draft.of("a whole thought"));
        persistence.drafts().save(OTHER, FRIEND, Draft.of("the other account's"));
        persistence = reopen(persistence);
        assertEquals(Optional.of(Draft.of("a whole thought")), persistence.drafts().find(ME, FRIEND));
        assertEquals(Optional.of(Draft.of("the other account's")), persistence.drafts().find(OTHER, FRIEND));
        assertEquals(Optional.empty(), persistence.drafts().find(ME, ROOM));
        persistence.drafts().save(ME, FRIEND, Draft.of(""));
        assertEquals(Optional.empty(), persistence.drafts().find(ME, FRIEND));
        persistence.drafts().save(ME, ROOM, Draft.of("")); // clearing what is not there is fine
    }

    @Test
    void aMessageComesBackExactlyAsStored() throws Exception {
        ChatMessage plain = incoming(FRIEND, "hello", T0, "m-1", "o-1", "a-1");
        ChatMessage rich = new ChatMessage(UUID.randomUUID().toString(), ME, FRIEND, ChatKind.CHAT, Direction.OUTGOING,
                ME, "an answer", T0.plusNanos(1_000), Optional.of("m-2"), Optional.of("m-2"), Optional.empty(),
                MessageStatus.PENDING, Encryption.E2EE_UNTRUSTED_DEVICES, Optional.of("m-1"), false, false,
                Map.of(FRIEND, Set.of("👍", "🎉")));
        ChatMessage inRoom = new ChatMessage(UUID.randomUUID().toString(), ME, ROOM, ChatKind.GROUPCHAT,
                Direction.INCOMING, ROOM + "/alice", "hi all", T0, Optional.of("g-1"), Optional.empty(),
                Optional.of("r-1"), MessageStatus.RECEIVED, Encryption.E2EE_VERIFIED, Optional.empty(), false, false,
                Map.of());
        assertTrue(persistence.messages().append(plain));
        assertTrue(persistence.messages().append(rich));
        assertTrue(persistence.messages().append(inRoom));
        persistence = reopen(persistence);
        assertEquals(List.of(plain, rich), all(FRIEND));
        assertEquals(List.of(inRoom), all(ROOM));
    }

    @Test
    void whyAMessageIsUndecryptableOrFailedComesBackTypedAcrossARestart() throws Exception {
        ChatMessage undecryptable = new ChatMessage(UUID.randomUUID().toString(), ME, FRIEND, ChatKind.CHAT,
                Direction.INCOMING, FRIEND, "", T0, Optional.of("u-1"), Optional.empty(), Optional.empty(),
                MessageStatus.RECEIVED, Encryption.UNDECRYPTABLE, Optional.empty(), false, false, Map.of(), false, Optional.empty(),
                Optional.of(UndecryptableReason.NO_SESSION), Optional.empty());
        ChatMessage queued = new ChatMessage(UUID.randomUUID().toString(), ME, FRIEND, ChatKind.CHAT,
                Direction.OUTGOING, ME, "written offline", T0.plusSeconds(1), Optional.of("q-1"), Optional.of("q-1"),
                Optional.empty(), MessageStatus.PENDING, Encryption.DEVICES_UNKNOWN, Optional.empty(), false, false,
                Map.of());
        assertTrue(persistence.messages().append(undecryptable));
        assertTrue(persistence.messages().append(queued));
        ChatMessage failed = queued.asFailed(SendFailure.NO_OMEMO_DEVICES);
        persistence.messages().update(failed);
        persistence = reopen(persistence);
        List<ChatMessage> stored = all(FRIEND);
        assertEquals(List.of(undecryptable, failed), stored);
        assertEquals(Optional.of(UndecryptableReason.NO_SESSION), stored.get(0).undecryptable());
        assertEquals("", stored.get(0).body());
        assertEquals(Optional.of(SendFailure.NO_OMEMO_DEVICES), stored.get(1).failure());
        assertEquals(Encryption.DEVICES_UNKNOWN, stored.get(1).encryption());
    }

    @Test
    void removingAnAccountKeepingItsHistoryForgetsItsSecretsButNotItsMessages() throws Exception {
        persistence.accounts().savePassword(ME, "pw");
        persistence.accounts().savePassword(OTHER, "other-pw");
        ChatMessage mine = incoming(FRIEND, "keep me", T0, "m-1", "o-1", "a-1");
        persistence.messages().append(mine);
        persistence.outbox().enqueue(new OutboxEntry(ME, FRIEND, "k1", "s1", "<message/>"));
        persistence.archivePositions().save(ME, ME, "a-1");
        DeviceAddress device = new DeviceAddress(FRIEND, 11);
        persistence.omemoStore(ME).storeSession(device, OmemoVersion.V2, new byte[] {1, 2, 3});
        persistence.omemoStore(OTHER).storeSession(device, OmemoVersion.V2, new byte[] {4, 5, 6});
        persistence.omemoDeviceLists().update(ME, FRIEND, OmemoVersion.V2, Set.of(11), T0);

        persistence.removeAccountKeepingHistory(ME);
        persistence = reopen(persistence);
        assertTrue(persistence.accounts().find(ME).isPresent(), "the account stays, for its history");
        assertEquals(Optional.empty(), persistence.accounts().password(ME));
        assertEquals(List.of(mine), all(FRIEND));
        assertEquals(1, persistence.messages().search(ME, Optional.empty(), "keep", 10).size());
        assertEquals(List.of(), persistence.outbox().pending(ME));
        assertTrue(persistence.archivePositions().lastArchiveId(ME, ME).isEmpty());
        assertTrue(persistence.omemoStore(ME).loadSession(device, OmemoVersion.V2).isEmpty(),
                "its OMEMO state is gone");
        assertTrue(persistence.omemoStore(ME).loadOwnIdentity().isEmpty());
        assertEquals(List.of(), persistence.omemoDeviceLists().devices(ME, FRIEND, OmemoVersion.V2));
        assertEquals(Optional.of("other-pw"), persistence.accounts().password(OTHER), "other accounts keep theirs");
        assertTrue(persistence.omemoStore(OTHER).loadSession(device, OmemoVersion.V2).isPresent());
    }

    @Test
    void pagesBeforeAfterAndAroundAMessageKeepTheTimelineOrderAndItsBounds() throws Exception {
        List<ChatMessage> timeline = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // two pairs share a time: insertion decides their order, and paging must neither skip nor repeat them
            Instant at = i == 2 || i == 3 ? T0.plusSeconds(2) : i == 5 || i == 6 ? T0.plusSeconds(5) : T0.plusSeconds(i);
            ChatMessage m = incoming(FRIEND, "m" + i, at, "p-" + i, "p-" + i, null);
            assertTrue(persistence.messages().append(m));
            timeline.add(m);
        }
        persistence.messages().append(incoming(OTHER, "elsewhere", T0.plusSeconds(3), "x-1", "x-1", null));
        persistence = reopen(persistence);
        MessageLog log = persistence.readOnlyMessages();
        Function<List<ChatMessage>, List<String>> bodies = page -> page.stream().map(ChatMessage::body).toList();
        String m2 = timeline.get(2).key();
        String m3 = timeline.get(3).key();

        assertEquals(List.of("m3", "m4", "m5"), bodies.apply(log.after(ME, FRIEND, m2, 3)));
        assertEquals(List.of("m0", "m1", "m2"), bodies.apply(log.before(ME, FRIEND, m3, 10)));
        assertEquals(List.of("m1", "m2", "m3", "m4", "m5"), bodies.apply(log.around(ME, FRIEND, m3, 2, 2)));
        assertEquals(List.of("m5", "m6"), bodies.apply(log.after(ME, FRIEND, timeline.get(4).key(), 10)), "up to the end");
        assertEquals(List.of(), log.after(ME, FRIEND, timeline.get(6).key(), 10), "nothing after the newest");
        assertEquals(List.of(), log.before(ME, FRIEND, timeline.get(0).key(), 10), "nothing before the oldest");
        assertEquals(List.of("m0", "m1"), bodies.apply(log.around(ME, FRIEND, timeline.get(0).key(), 5, 1)));
        assertEquals(List.of("m6"), bodies.apply(log.around(ME, FRIEND, timeline.get(6).key(), 0, 0)));
        assertEquals(timeline.subList(4, 7), log.after(ME, FRIEND, m3, 10), "whole messages, as stored");
        assertEquals(List.of(), log.around(ME, FRIEND, "no-such-key", 3, 3));
        assertEquals(List.of(), log.around(ME, OTHER, m3, 3, 3), "a key of another chat");
        assertEquals(List.of(), log.after(OTHER, FRIEND, m3, 3), "a key of another account");

        // walking forward page by page from the oldest visits every message once
        List<String> walked = new ArrayList<>(List.of("m0"));
        String last = timeline.get(0).key();
        for (List<ChatMessage> page = log.after(ME, FRIEND, last, 2); !page.isEmpty(); page = log.after(ME, FRIEND, last, 2)) {
            walked.addAll(bodies.apply(page));
            last = page.get(page.size() - 1).key();
        }
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4", "m5", "m6"), walked);
    }

    @Test
    void deduplication() {
        ChatMessage original = incoming(FRIEND, "once", T0, "m-1", "o-1", null);
        assertTrue(persistence.messages().append(original));
        assertFalse(persistence.messages().append(original), "the same key");
        assertTrue(persistence.messages().contains(original));
        // the same origin-id from the same sender in the same conversation (a carbon, a resend)
        ChatMessage sameOrigin = incoming(FRIEND, "once", T0, "other-id", "o-1", "a-9");
        assertTrue(persistence.messages().contains(sameOrigin));
        assertFalse(persistence.messages().append(sameOrigin));
        // a sender with a resource is the same bare sender in a 1:1 chat
        assertFalse(persistence.messages().append(from(sameOrigin, FRIEND + "/phone")));
        // the same origin-id from someone else, or in another conversation, is another message
        assertTrue(persistence.messages().append(from(incoming(FRIEND, "mine", T0, "x", "o-1", null), ME)));
        assertTrue(persistence.messages().append(incoming(OTHER, "elsewhere", T0, "m-1", "o-1", null)));

        // an archive id is the same message anywhere in the account
        assertTrue(persistence.messages().append(incoming(FRIEND, "archived", T0, null, null, "a-1")));
        assertFalse(persistence.messages().append(incoming(OTHER, "archived", T0, "y", "o-y", "a-1")));

        // without origin-id, the message id decides (only against messages without origin-id)
        assertTrue(persistence.messages().append(incoming(FRIEND, "bare id", T0, "plain-1", null, null)));
        assertFalse(persistence.messages().append(incoming(FRIEND, "bare id", T0, "plain-1", null, null)));
        assertTrue(persistence.messages().append(incoming(FRIEND, "has origin", T0, "plain-1", "o-new", null)));
        assertTrue(persistence.messages().append(incoming(FRIEND, "no origin", T0, "m-1", null, null)),
                "m-1 belongs to a message with an origin-id");
        assertFalse(persistence.messages().contains(incoming(FRIEND, "x", T0, "unknown", null, null)));
    }

    @Test
    void deduplicationHoldsAcrossARestart() throws Exception {
        ChatMessage original = incoming(FRIEND, "once", T0, "m-1", "o-1", "a-1");
        persistence.messages().append(original);
        persistence = reopen(persistence);
        assertFalse(persistence.messages().append(incoming(FRIEND, "once", T0, "m-1", "o-1", "a-1")));
        assertFalse(persistence.messages().append(incoming(FRIEND, "once", T0, "m-1", null, "a-1")));
        assertEquals(List.of(original), all(FRIEND));
    }

    @Test
    void updatesReplaceTheMessageWithTheSameKey() throws Exception {
        ChatMessage original = incoming(FRIEND, "typo", T0, "m-1", "o-1", null);
        persistence.messages().append(original);
        ChatMessage corrected = original.withCorrectedBody("fixed").withArchiveId("a-7")
                .withReactions(ME, Set.of("❤")).withReactions(FRIEND, Set.of("😀"));
        persistence.messages().update(corrected);
        persistence = reopen(persistence);
        assertEquals(List.of(corrected), all(FRIEND));

        ChatMessage fewer = corrected.withReactions(ME, Set.of());
        persistence.messages().update(fewer);
        assertEquals(List.of(fewer), all(FRIEND));
        ChatMessage retracted = fewer.asRetracted();
        persistence.messages().update(retracted);
        assertEquals(List.of(retracted), all(FRIEND));
        assertEquals("", all(FRIEND).get(0).body());

        ChatMessage sent = new ChatMessage(UUID.randomUUID().toString(), ME, FRIEND, ChatKind.CHAT, Direction.OUTGOING,
                ME, "out", T0.plusSeconds(1), Optional.of("s-1"), Optional.of("s-1"), Optional.empty(),
                MessageStatus.PENDING, Encryption.PLAINTEXT, Optional.empty(), false, false, Map.of());
        persistence.messages().append(sent);
        for (MessageStatus status : List.of(MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.DISPLAYED,
                MessageStatus.FAILED)) {
            persistence.messages().update(sent.withStatus(status));
            assertEquals(status, persistence.messages().findByReference(ME, FRIEND, "s-1").orElseThrow().status());
        }
        assertThrows(IllegalArgumentException.class, () -> persistence.messages().update(incoming(FRIEND, "?", T0, null, null, null)));
    }

    @Test
    void referencesFindTheNewestMessageByAnyOfItsIds() {
        ChatMessage older = incoming(FRIEND, "older", T0, "same", null, "a-1");
        ChatMessage newer = incoming(FRIEND, "newer", T0.plusSeconds(1), "n-1", "same", null);
        persistence.messages().append(older);
        persistence.messages().append(newer);
        assertEquals(Optional.of(newer), persistence.messages().findByReference(ME, FRIEND, "same"));
        assertEquals(Optional.of(older), persistence.messages().findByReference(ME, FRIEND, "a-1"));
        assertEquals(Optional.of(newer), persistence.messages().findByReference(ME, FRIEND, "n-1"));
        assertTrue(persistence.messages().findByReference(ME, FRIEND, "none").isEmpty());
        assertTrue(persistence.messages().findByReference(ME, OTHER, "same").isEmpty());
        assertTrue(persistence.messages().findByReference("nobody@example.org", FRIEND, "same").isEmpty());
    }

    @Test
    void historyPagesConversationsAndScrollbackPosition() throws Exception {
        // a microsecond apart, appended out of order (as scrollback pages arrive after newer messages)
        ChatMessage b = incoming(FRIEND, "b", T0.plusNanos(1_000), null, "o-b", "a-b");
        ChatMessage c = incoming(FRIEND, "c", T0.plusNanos(2_000), null, "o-c", null);
        ChatMessage a = incoming(FRIEND, "a", T0, null, "o-a", "a-a");
        ChatMessage elsewhere = incoming(OTHER, "x", T0.plusSeconds(5), null, "o-x", null);
        for (ChatMessage m : List.of(b, c, a, elsewhere)) {
            persistence.messages().append(m);
        }
        persistence = reopen(persistence);
        assertEquals(List.of(a, b, c), all(FRIEND));
        assertEquals(List.of(b, c), persistence.messages().history(ME, FRIEND, Optional.empty(), 2));
        assertEquals(List.of(a, b), persistence.messages().history(ME, FRIEND, Optional.of(c.timestamp()), 10));
        assertEquals(List.of(b), persistence.messages().history(ME, FRIEND, Optional.of(c.timestamp()), 1));
        assertEquals(List.of(), persistence.messages().history(ME, FRIEND, Optional.of(a.timestamp()), 10));
        assertEquals(List.of(), persistence.messages().history(ME, "nobody@example.org", Optional.empty(), 10));
        assertEquals(List.of(elsewhere, c), persistence.messages().conversations(ME));
        assertEquals(Optional.of("a-a"), persistence.messages().oldestArchiveId(ME, FRIEND));
        assertEquals(Optional.empty(), persistence.messages().oldestArchiveId(ME, OTHER));
        assertEquals(List.of(), persistence.messages().conversations(OTHER));
    }

    @Test
    void unreadCountsFollowTheStateOfIncomingMessagesAcrossARestart() throws Exception {
        ChatMessage first = incoming(FRIEND, "one", T0, null, "o-1", null);
        ChatMessage second = incoming(FRIEND, "two", T0.plusSeconds(1), null, "o-2", null);
        ChatMessage third = incoming(FRIEND, "three", T0.plusSeconds(2), null, "o-3", null);
        ChatMessage alreadyRead = incoming(OTHER, "old history", T0, null, "o-h", null).withStatus(MessageStatus.DISPLAYED);
        ChatMessage later = incoming(OTHER, "later", T0.plusSeconds(5), null, "o-l", null);
        ChatMessage ownOutgoing = new ChatMessage(UUID.randomUUID().toString(), ME, OTHER, ChatKind.CHAT,
                Direction.OUTGOING, ME, "sent", T0.plusSeconds(4), Optional.of("s-1"), Optional.of("s-1"),
                Optional.empty(), MessageStatus.SENT, Encryption.PLAINTEXT, Optional.empty(), false, false, Map.of());
        for (ChatMessage m : List.of(first, second, third, alreadyRead, ownOutgoing)) {
            assertTrue(persistence.messages().append(m));
        }
        assertEquals(3, persistence.messages().unreadCount(ME, FRIEND));
        assertEquals(0, persistence.messages().unreadCount(ME, OTHER), "read history and own messages are not unread");
        assertEquals(0, persistence.messages().unreadCount(ME, "nobody@example.org"));
        assertEquals(Map.of(FRIEND, 3), persistence.messages().unreadCounts(ME));

        persistence.messages().update(first.withStatus(MessageStatus.DISPLAYED));
        persistence.messages().update(third.asRetracted()); // nothing left to read
        persistence = reopen(persistence);
        assertEquals(1, persistence.messages().unreadCount(ME, FRIEND));
        assertEquals(Map.of(FRIEND, 1), persistence.messages().unreadCounts(ME));
        assertTrue(persistence.messages().append(later));
        assertEquals(Map.of(FRIEND, 1, OTHER, 1), persistence.messages().unreadCounts(ME));
        assertEquals(Map.of(), persistence.messages().unreadCounts(OTHER));
        assertTrue(persistence.messages().history(ME, FRIEND, Optional.empty(), 10).get(1).unread());
    }

    @Test
    void outboxKeepsTheOrderPerAccount() throws Exception {
        persistence.outbox().enqueue(new OutboxEntry(ME, FRIEND, "k1", "s1", "<message id='s1'><body>1</body></message>"));
        persistence.outbox().enqueue(new OutboxEntry(ME, ROOM, "k2", "s2", "<message id='s2'/>"));
        persistence.outbox().enqueue(new OutboxEntry(OTHER, FRIEND, "k3", "s3", "<message id='s3'/>"));
        persistence.outbox().enqueue(new OutboxEntry(ME, FRIEND, "k4", "s4", "<message id='s4'/>"));
        persistence = reopen(persistence);
        List<OutboxEntry> pending = persistence.outbox().pending(ME);
        assertEquals(List.of("s1", "s2", "s4"), pending.stream().map(OutboxEntry::stanzaId).toList());
        assertEquals(new OutboxEntry(ME, FRIEND, "k1", "s1", "<message id='s1'><body>1</body></message>"), pending.get(0));
        assertEquals(ROOM, pending.get(1).peer());
        persistence.outbox().remove(ME, "s2");
        persistence.outbox().remove(ME, "unknown");
        assertEquals(List.of("s1", "s4"), persistence.outbox().pending(ME).stream().map(OutboxEntry::stanzaId).toList());
        assertEquals(1, persistence.outbox().pending(OTHER).size());
        persistence.outbox().removeAccount(ME);
        assertEquals(List.of(), persistence.outbox().pending(ME));
        assertEquals(1, persistence.outbox().pending(OTHER).size());
        assertEquals(List.of(), persistence.outbox().pending("nobody@example.org"));
    }

    @Test
    void archivePositions() throws Exception {
        assertTrue(persistence.archivePositions().lastArchiveId(ME, ME).isEmpty());
        persistence.archivePositions().save(ME, ME, "a-1");
        persistence.archivePositions().save(ME, ME, "a-2");
        persistence.archivePositions().save(ME, ROOM, "r-1");
        persistence.archivePositions().save(OTHER, OTHER, "o-1");
        persistence.archivePositions().save(OTHER, ROOM, ""); // "from the archive's beginning"
        persistence = reopen(persistence);
        assertEquals(Optional.of(""), persistence.archivePositions().lastArchiveId(OTHER, ROOM));
        assertEquals(Optional.of("a-2"), persistence.archivePositions().lastArchiveId(ME, ME));
        assertEquals(Optional.of("r-1"), persistence.archivePositions().lastArchiveId(ME, ROOM));
        persistence.archivePositions().removeAccount(ME);
        assertTrue(persistence.archivePositions().lastArchiveId(ME, ROOM).isEmpty());
        assertEquals(Optional.of("o-1"), persistence.archivePositions().lastArchiveId(OTHER, OTHER));
    }

    @Test
    void omemoDeviceListsKeepDevicesThatLeftTheListAsInactiveAcrossARestart() throws Exception {
        OmemoVersion v2 = OmemoVersion.V2;
        persistence.omemoDeviceLists().update(ME, FRIEND, v2, Set.of(11, 22), T0);
        persistence.omemoDeviceLists().update(ME, FRIEND, OmemoVersion.V0_3, Set.of(33), T0);
        persistence.omemoDeviceLists().update(ME, FRIEND, v2, Set.of(22, 44), T0.plusSeconds(60));
        persistence = reopen(persistence);
        List<OmemoDeviceLists.CachedDevice> devices =
                persistence.omemoDeviceLists().devices(ME, FRIEND, v2);
        assertEquals(List.of(11, 22, 44), devices.stream().map(d -> d.deviceId()).toList());
        assertEquals(List.of(false, true, true), devices.stream().map(d -> d.active()).toList());
        assertEquals(List.of(33), persistence.omemoDeviceLists().devices(ME, FRIEND, OmemoVersion.V0_3)
                .stream().map(d -> d.deviceId()).toList());
        assertTrue(persistence.omemoDeviceLists().devices(OTHER, FRIEND, v2).isEmpty(), "per account");
    }

    @Test
    void removingAnAccountForgetsAllItsData() throws Exception {
        persistence.accounts().savePassword(ME, "pw");
        ChatMessage mine = incoming(FRIEND, "mine", T0, "m-1", "o-1", "a-1");
        persistence.messages().append(mine);
        persistence.outbox().enqueue(new OutboxEntry(ME, FRIEND, "k1", "s1", "<message/>"));
        persistence.archivePositions().save(ME, ME, "a-1");
        ChatMessage theirs = new ChatMessage(UUID.randomUUID().toString(), OTHER, FRIEND, ChatKind.CHAT,
                Direction.INCOMING, FRIEND, "theirs", T0, Optional.of("m-1"), Optional.of("o-1"), Optional.of("a-1"),
                MessageStatus.RECEIVED, Encryption.PLAINTEXT, Optional.empty(), false, false, Map.of());
        assertTrue(persistence.messages().append(theirs), "archive ids are per account");

        persistence.removeAccountData(ME);
        persistence = reopen(persistence);
        assertTrue(persistence.accounts().find(ME).isEmpty());
        assertTrue(persistence.accounts().password(ME).isEmpty());
        assertEquals(List.of(), all(FRIEND));
        assertEquals(List.of(), persistence.outbox().pending(ME));
        assertTrue(persistence.archivePositions().lastArchiveId(ME, ME).isEmpty());
        assertEquals(List.of(theirs), persistence.messages().history(OTHER, FRIEND, Optional.empty(), 10));

        // the account can come back, empty
        persistence.accounts().save(AccountRecord.of(ME));
        assertTrue(persistence.messages().append(withKey(mine, UUID.randomUUID().toString())));
    }
    @Test
    void sharedFilesAreKeptPerMessageUpdatedAndGoWithTheAccount() throws Exception {
        ChatMessage message = incoming(FRIEND, "aesgcm://upload.example.org/a/f.jpg#" + "ab".repeat(44), T0, "m-1", "o-1", null);
        persistence.messages().append(message);
        FileCipher.FileKey key = FileCipher.FileKey.random(new SecureRandom());
        SharedFile announced = new SharedFile(ME, message.key(),
                URI.create("https://upload.example.org/a/f.jpg"), key, "f.jpg", Optional.empty(),
                TransferState.PENDING, Optional.empty(), Optional.empty());
        persistence.files().save(announced);
        SharedFile found = persistence.files().find(ME, message.key()).orElseThrow();
        assertEquals(TransferState.PENDING, found.state());
        assertEquals("https://upload.example.org/a/f.jpg", found.downloadUrl().toString());
        assertTrue(Arrays.equals(key.key(), found.key().key()) && Arrays.equals(key.iv(), found.key().iv()));

        SharedFile failed = new SharedFile(ME, message.key(), announced.downloadUrl(),
                key, "f.jpg", Optional.of(1234L), TransferState.FAILED,
                Optional.of(FileException.Reason.NOT_FOUND), Optional.of("x.aesgcm"));
        persistence.files().save(failed);
        found = persistence.files().find(ME, message.key()).orElseThrow();
        assertEquals(Optional.of(FileException.Reason.NOT_FOUND), found.failure());
        assertEquals(Optional.of(1234L), found.size());
        assertEquals(Optional.of("x.aesgcm"), found.localName());
        assertTrue(persistence.files().find(ME, "no-such-message").isEmpty());

        Path dir = persistence.files().directory(ME);
        Files.write(dir.resolve("x.aesgcm"), new byte[] {1, 2, 3});
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rwx------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir)));
        }
        assertFalse(dir.toString().contains("example"), "the account's JID does not appear on disk: " + dir);
        persistence.removeAccountData(ME);
        assertFalse(Files.exists(dir.resolve("x.aesgcm")), "removing the account deleted its files");
        assertTrue(persistence.files().find(ME, message.key()).isEmpty());
    }

    @Test
    void inboundJournalKeepsArrivalOrderPerAccountAcrossARestart() throws Exception {
        long first = persistence.inboundJournal().append(ME, "<message xmlns='jabber:client' id='j1'><body>one</body></message>", T0);
        long second = persistence.inboundJournal().append(ME, "<message xmlns='jabber:client' id='j2'/>", T0);
        persistence.inboundJournal().append(OTHER, "<message xmlns='jabber:client' id='j3'/>", T0);
        persistence = reopen(persistence);
        List<InboundJournal.JournalEntry> pending = persistence.inboundJournal().pending(ME);
        assertEquals(List.of(first, second), pending.stream().map(InboundJournal.JournalEntry::id).toList());
        assertEquals("<message xmlns='jabber:client' id='j1'><body>one</body></message>", pending.get(0).stanzaXml());
        assertEquals(T0.truncatedTo(ChronoUnit.MILLIS), pending.get(0).receivedAt());
        persistence.inboundJournal().remove(ME, first);
        persistence.inboundJournal().remove(ME, first); // unknown ids are ignored
        assertEquals(List.of(second), persistence.inboundJournal().pending(ME).stream().map(InboundJournal.JournalEntry::id).toList());
        persistence.removeAccountData(OTHER);
        assertTrue(persistence.inboundJournal().pending(OTHER).isEmpty());
        assertEquals(1, persistence.inboundJournal().pending(ME).size());
    }

    @Test
    void aUnitOfWorkRunsItsAfterCommitActionsOnlyAfterItsWork() {
        List<String> order = new ArrayList<>();
        String result = UnitOfWork.run(persistence, () -> {
            UnitOfWork.run(persistence, () -> { // nested: joins
                UnitOfWork.afterCommit(() -> order.add("receipt"));
                UnitOfWork.afterCommitOnce("key transport to device 7", () -> order.add("key transport"));
                UnitOfWork.afterCommitOnce("key transport to device 7", () -> order.add("key transport again"));
                return null;
            });
            assertTrue(persistence.messages().append(incoming(FRIEND, "in a unit", T0, "m-u", "o-u", "a-u")));
            order.add("stored");
            return "done";
        });
        assertEquals("done", result);
        assertEquals(List.of("stored", "receipt", "key transport"), order);
        assertThrows(IllegalStateException.class, () -> UnitOfWork.run(persistence, () -> {
            UnitOfWork.afterCommit(() -> order.add("never"));
            throw new IllegalStateException("rolled back");
        }));
        assertEquals(List.of("stored", "receipt", "key transport"), order, "a rolled back unit sends nothing");
        assertFalse(UnitOfWork.active());
    }

    @Test
    void theLatestPositionOfAUnitIsWrittenOnceInItsTransaction() {
        List<String> writes = new ArrayList<>();
        UnitOfWork.run(persistence, () -> {
            for (String id : List.of("a-1", "a-2", "a-3")) {
                UnitOfWork.beforeCommitLatest("position", () -> {
                    writes.add(id);
                    persistence.archivePositions().save(ME, ME, id);
                });
            }
            assertTrue(persistence.archivePositions().lastArchiveId(ME, ME).isEmpty(), "not before the unit's end");
            return null;
        });
        assertEquals(List.of("a-3"), writes);
        assertEquals(Optional.of("a-3"), persistence.archivePositions().lastArchiveId(ME, ME));
        assertThrows(IllegalStateException.class, () -> UnitOfWork.run(persistence, () -> {
            UnitOfWork.beforeCommitLatest("position", () -> persistence.archivePositions().save(ME, ME, "a-4"));
            throw new IllegalStateException("rolled back");
        }));
        assertEquals(Optional.of("a-3"), persistence.archivePositions().lastArchiveId(ME, ME),
                "a unit that fails writes no position");
    }
}
