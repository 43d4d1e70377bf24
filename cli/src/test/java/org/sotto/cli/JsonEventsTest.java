package org.sotto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.chat.SendFailure;
import org.sotto.core.api.chat.UndecryptableReason;
import org.sotto.core.api.event.DeviceAppeared;
import org.sotto.core.api.event.IdentityKeyChanged;

/** The JSON line of a message: an undecryptable one carries its reason's text as body and reason; a failed one why. */
class JsonEventsTest {
    @Test
    void anUndecryptableMessagePrintsItsReasonAsBefore() {
        ChatMessage m = new ChatMessage("k", "me@example.org", "bob@example.org", ChatKind.CHAT, Direction.INCOMING,
                "bob@example.org", "", Instant.parse("2026-01-01T00:00:00Z"), Optional.of("id-1"), Optional.empty(),
                Optional.empty(), MessageStatus.RECEIVED, Encryption.UNDECRYPTABLE, Optional.empty(), false, false,
                Map.of(), false, Optional.empty(), Optional.of(UndecryptableReason.NO_SESSION), Optional.empty());
        Map<String, Object> json = JsonEvents.message("message", m);
        assertEquals("no session with the sending device", json.get("body"));
        assertEquals("no session with the sending device", json.get("reason"));
        assertEquals("undecryptable", json.get("encryption"));

        ChatMessage plain = new ChatMessage("k2", "me@example.org", "bob@example.org", ChatKind.CHAT, Direction.INCOMING,
                "bob@example.org", "hello", Instant.parse("2026-01-01T00:00:00Z"), Optional.of("id-2"), Optional.empty(),
                Optional.empty(), MessageStatus.RECEIVED, Encryption.PLAINTEXT, Optional.empty(), false, false, Map.of());
        Map<String, Object> line = JsonEvents.message("message", plain);
        assertEquals("hello", line.get("body"));
        assertFalse(line.containsKey("reason"));
    }

    @Test
    void aFailedMessageSaysWhy() {
        ChatMessage failed = new ChatMessage("k3", "me@example.org", "bob@example.org", ChatKind.CHAT, Direction.OUTGOING,
                "me@example.org", "hello", Instant.parse("2026-01-01T00:00:00Z"), Optional.of("id-3"), Optional.empty(),
                Optional.empty(), MessageStatus.FAILED, Encryption.E2EE_TRUSTED, Optional.empty(), false, false,
                Map.of(), false, Optional.empty(), Optional.empty(), Optional.of(SendFailure.REFUSED));
        Map<String, Object> line = JsonEvents.message("message", failed);
        assertEquals("failed", line.get("status"));
        assertEquals("refused", line.get("failure"));
        assertEquals(SendFailure.REFUSED.explanation(), line.get("failureText"));

        ChatMessage delivered = new ChatMessage("k4", "me@example.org", "bob@example.org", ChatKind.CHAT,
                Direction.OUTGOING, "me@example.org", "hello", Instant.parse("2026-01-01T00:00:00Z"), Optional.of("id-4"),
                Optional.empty(), Optional.empty(), MessageStatus.DELIVERED, Encryption.E2EE_TRUSTED, Optional.empty(),
                false, false, Map.of());
        assertFalse(JsonEvents.message("message", delivered).containsKey("failure"));
    }

    @Test
    void trustEventsNameTheDevice() {
        assertEquals(Map.of("type", "device-appeared", "jid", "bob@example.org", "device", 42),
                JsonEvents.event(new DeviceAppeared("me@example.org", "bob@example.org", 42)));
        Map<String, Object> changed = JsonEvents.event(new IdentityKeyChanged("me@example.org", "bob@example.org", 42,
                "aaaaaaaa", "bbbbbbbb"));
        assertEquals("identity-changed", changed.get("type"));
        assertEquals("aaaaaaaa", changed.get("knownFingerprint"));
        assertEquals("bbbbbbbb", changed.get("presentedFingerprint"));
    }
}
