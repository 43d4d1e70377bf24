package org.sotto.core.internal.omemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.crypto.OmemoVersion;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * Catch-up re-spaces archive results after the newest stored message to keep the archive's order; OMEMO 2's SCE
 * time must still be checked against the stanza's own stamp, or an archived message becomes "envelope mismatch"
 * whenever something newer than it by five minutes was stored before the catch-up.
 */
class OmemoCatchUpStampTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    @Test
    void anArchivedOmemo2MessageDecryptsAlthoughANewerOneWasStoredBeforeTheCatchUp() throws Exception {
        ProsodyServer server = PROSODY.server();
        String aliceJid = server.register("alice", "alice-pw");
        String bobJid = server.register("bob", "bob-pw");
        try (TestSotto aliceDevice = TestSotto.start(server); TestSotto bobDevice = TestSotto.start(server)) {
            AccountSession alice = OmemoMessagingTest.withOmemo(aliceDevice, aliceJid, "alice-pw", EnumSet.of(OmemoVersion.V2));
            AccountSession bob = OmemoMessagingTest.withOmemo(bobDevice, bobJid, "bob-pw", EnumSet.of(OmemoVersion.V2));
            Await.done(bob.disconnect());
            Await.done(alice.chats().send(bobJid, "sent while bob was away"));
            // something stamped ten minutes ahead is already in bob's log (e.g. from a clock that runs fast)
            bobDevice.persistence.messages().append(new ChatMessage(UUID.randomUUID().toString(), bobJid, aliceJid,
                    ChatKind.CHAT, Direction.INCOMING, aliceJid, "from the future", Instant.now().plus(Duration.ofMinutes(10)),
                    Optional.of("future-1"), Optional.of("future-1"), Optional.empty(), MessageStatus.RECEIVED,
                    Encryption.PLAINTEXT, Optional.empty(), false, false, Map.of()));
            Await.done(bob.connect());
            ChatMessage caughtUp = bobDevice.await(MessageAdded.class,
                    e -> e.message().peer().equals(aliceJid) && !e.message().body().equals("from the future")).message();
            assertNotEquals(Encryption.UNDECRYPTABLE, caughtUp.encryption(), caughtUp.body());
            assertEquals("sent while bob was away", caughtUp.body());
        }
    }
}
