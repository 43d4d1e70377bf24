package org.sotto.core.internal.contacts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.sotto.core.api.contacts.Avatar;
import org.sotto.core.api.contacts.SubscriptionState;
import org.sotto.core.api.event.RosterChanged;
import org.sotto.core.api.event.SubscriptionRequested;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

class AvatarTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    /** The smallest valid PNG: 1×1 transparent pixel. */
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    @Test
    void aContactsAvatarIsReadFromTheirPepNodesAndAStrangersFromTheVCard() {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "alice-pw");
        String bob = server.register("bob", "bob-pw");
        String carol = server.register("carol", "carol-pw");
        try (TestSotto a = TestSotto.start(server); TestSotto b = TestSotto.start(server); TestSotto c = TestSotto.start(server)) {
            AccountSession aliceSession = a.online(alice, "alice-pw");
            AccountSession bobSession = b.online(bob, "bob-pw");
            AccountSession carolSession = c.online(carol, "carol-pw");
            assertThrows(IllegalArgumentException.class, () -> aliceSession.avatars().setOwn(PNG, "image/gif"));
            Await.done(aliceSession.avatars().setOwn(PNG, "image/png"));

            // bob sees alice's presence, so her PEP avatar nodes are open to him
            Await.done(bobSession.contacts().add(alice, Optional.empty(), Set.of()));
            a.await(SubscriptionRequested.class, e -> e.from().equals(bob));
            Await.done(aliceSession.contacts().approve(bob));
            b.await(RosterChanged.class, e -> e.contacts().stream().anyMatch(x -> x.jid().equals(alice)
                    && x.subscription() == SubscriptionState.TO));
            Avatar forBob = Await.done(bobSession.avatars().avatar(alice)).orElseThrow();
            assertArrayEquals(PNG, forBob.data());
            assertEquals("image/png", forBob.mimeType());
            assertEquals(AvatarService.sha1(PNG), forBob.sha1());
            assertEquals(Avatar.Source.PEP, forBob.source(), "Prosody mirrors the vCard photo into the XEP-0084 nodes");

            Avatar forCarol = Await.done(carolSession.avatars().avatar(alice)).orElseThrow();
            assertArrayEquals(PNG, forCarol.data());
            assertTrue(Await.done(carolSession.avatars().avatar(bob)).isEmpty(), "bob has no avatar");
        }
    }
}
