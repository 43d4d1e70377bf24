package org.sotto.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device's "last message" is read for every device in a trust dialog, over all of a contact's messages: the query
 * must reach them through the partial timeline index, not by scanning every message of the profile.
 */
class LastMessageQueryPlanTest {
    @TempDir
    Path temp;

    @Test
    void lastMessageByDeviceUsesTheTimelineIndexAndIgnoresReactions() {
        try (Profile profile = TestProfiles.create(temp.resolve("profile"))) {
            Database db = profile.database();
            Account account = db.accounts().add("me@example.org", "pw", "desk");
            Conversation chat = db.conversations().open(account.id(), "friend@example.org", ConversationKind.CHAT);
            Instant t = Instant.parse("2026-01-01T00:00:00Z");
            db.messages().insert(Message.builder(chat.id(), Direction.INCOMING, "friend@example.org", t)
                    .body("hi").senderDevice(7).stanzaId("m1").encryption(MessageEncryption.E2EE_TRUSTED).build());
            db.messages().insert(Message.builder(chat.id(), Direction.INCOMING, "friend@example.org", t.plusSeconds(60))
                    .body("👍").senderDevice(7).refersTo(ReferenceKind.REACTION, "m1")
                    .encryption(MessageEncryption.E2EE_TRUSTED).build());

            assertEquals(Map.of(7, t), db.messages().lastMessageBySenderDevice(account.id(), null, "friend@example.org"),
                    "a reaction is not a message the device sent");
            assertEquals(Map.of(7, t), db.messages().lastMessageBySenderDevice(account.id(), "friend@example.org",
                    "friend@example.org"));

            for (boolean oneConversation : new boolean[] {false, true}) {
                String sql = MessageRepository.lastMessageBySenderDeviceSql(oneConversation);
                Object[] parameters = oneConversation ? new Object[] {account.id(), "friend@example.org", "friend@example.org"}
                        : new Object[] {account.id(), "friend@example.org"};
                List<String> plan = db.list("EXPLAIN QUERY PLAN " + sql, r -> r.getString("detail"), parameters);
                assertTrue(plan.stream().anyMatch(step -> step.matches("SEARCH m USING INDEX message_timeline .*")),
                        "the messages are found through the timeline index: " + plan);
                assertTrue(plan.stream().noneMatch(step -> step.startsWith("SCAN m")), "no scan of all messages: " + plan);
            }
        }
    }
}
