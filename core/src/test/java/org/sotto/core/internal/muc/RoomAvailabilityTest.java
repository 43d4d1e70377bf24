package org.sotto.core.internal.muc;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.sotto.core.api.contacts.Availability;
import org.sotto.core.api.room.Occupant;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * XEP-0045 §7.2 and §7.7 on a real server: the availability the user chose goes with the join, and every later choice
 * to the rooms the user is in.
 */
class RoomAvailabilityTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    private static Optional<Occupant> occupant(AccountSession session, String room, String nickname) {
        return session.groupChats().occupants(room).get().stream()
                .filter(o -> o.nickname().equals(nickname)).findFirst();
    }

    @Test
    void theOtherOccupantsSeeTheChosenAvailabilityFromTheJoinOn() {
        ProsodyServer server = PROSODY.server();
        String jade = server.register("jade", "jade-pw");
        String kurt = server.register("kurt", "kurt-pw");
        String room = "availability@" + ProsodyServer.MUC_DOMAIN;
        try (TestSotto j = TestSotto.start(server); TestSotto k = TestSotto.start(server)) {
            AccountSession jadeSession = j.online(jade, "jade-pw");
            AccountSession kurtSession = k.online(kurt, "kurt-pw");
            Await.done(jadeSession.contacts().setPresence(Availability.DO_NOT_DISTURB, Optional.of("writing")));
            Await.done(kurtSession.groupChats().join(room, "Kurt"));
            Await.done(jadeSession.groupChats().join(room, "Jade"));
            Await.until("kurt sees jade busy from her join on", () -> occupant(kurtSession, room, "Jade")
                    .map(o -> o.presence() == Availability.DO_NOT_DISTURB && o.status().equals(Optional.of("writing")))
                    .orElse(false));

            Await.done(jadeSession.contacts().setPresence(Availability.AWAY, Optional.empty()));
            Await.until("kurt sees jade away", () -> occupant(kurtSession, room, "Jade")
                    .map(o -> o.presence() == Availability.AWAY && o.status().isEmpty()).orElse(false));

            Await.done(jadeSession.contacts().setPresence(Availability.AVAILABLE, Optional.empty()));
            Await.until("kurt sees jade available", () -> occupant(kurtSession, room, "Jade")
                    .map(o -> o.presence() == Availability.AVAILABLE).orElse(false));
        }
    }
}
