package org.sotto.app.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.sotto.app.ui.Strings;
import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.MessageStatus;

/** The warning under a message from a device the user has not decided on or distrusted names that device. */
class MessageTrustTest {
    private static ChatMessage message(Direction direction, Encryption encryption, Optional<Integer> device) {
        return new ChatMessage("k", "alice@example.org", "bob@example.org", ChatKind.CHAT, direction,
                "bob@example.org", "hi", Instant.EPOCH, Optional.empty(), Optional.empty(), Optional.empty(),
                MessageStatus.RECEIVED, encryption, Optional.empty(), false, false, Map.of(), false,
                Optional.empty(), Optional.empty(), Optional.empty(), device);
    }

    @Test
    void undecidedAndDistrustedDevicesAreNamedVerifiedOnesAndOwnMessagesAreNot() {
        assertEquals(Optional.of(Strings.get("trust.message.undecided", "4711")), MessageTrust.text(
                message(Direction.INCOMING, Encryption.E2EE_UNTRUSTED_DEVICES, Optional.of(4711))));
        assertEquals(Optional.of(Strings.get("trust.message.distrusted", "4711")), MessageTrust.text(
                message(Direction.INCOMING, Encryption.E2EE_DISTRUSTED, Optional.of(4711))));
        assertEquals(Optional.empty(), MessageTrust.text(
                message(Direction.INCOMING, Encryption.E2EE_VERIFIED, Optional.of(4711))));
        assertEquals(Optional.empty(), MessageTrust.text(
                message(Direction.INCOMING, Encryption.E2EE_TRUSTED, Optional.of(4711))));
        assertEquals(Optional.empty(), MessageTrust.text(
                message(Direction.OUTGOING, Encryption.E2EE_DISTRUSTED, Optional.empty())));
    }
}
