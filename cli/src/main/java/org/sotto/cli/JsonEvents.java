package org.sotto.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.SendException;
import org.sotto.core.api.chat.UndecryptableReason;
import org.sotto.core.api.contacts.Contact;
import org.sotto.core.api.event.CatchUpProgress;
import org.sotto.core.api.file.Attachment;
import org.sotto.core.api.file.FileException;
import org.sotto.core.api.event.ChatEncryptionChanged;
import org.sotto.core.api.event.DeviceAppeared;
import org.sotto.core.api.event.IdentityKeyChanged;
import org.sotto.core.api.event.ChatStateChanged;
import org.sotto.core.api.event.ConnectionStateChanged;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.event.MessageFailed;
import org.sotto.core.api.event.MessageUpdated;
import org.sotto.core.api.event.OmemoSendBlocked;
import org.sotto.core.api.event.PresenceChanged;
import org.sotto.core.api.event.SottoEvent;
import org.sotto.core.api.event.SubscriptionRequested;
import org.sotto.core.api.trust.Device;

/** The CLI's JSON shape of Sotto's values: flat objects with a "type", stable field names, ISO-8601 times. */
public final class JsonEvents {
    private JsonEvents() {
    }

    public static Map<String, Object> message(String type, ChatMessage m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type);
        json.put("account", m.account());
        json.put("peer", m.peer());
        json.put("kind", m.kind().name().toLowerCase(Locale.ROOT));
        json.put("direction", m.direction().name().toLowerCase(Locale.ROOT));
        json.put("sender", m.sender());
        // an undecryptable message has no body; the line shows why, as it always did
        json.put("body", m.undecryptable().map(UndecryptableReason::text).orElse(m.body()));
        json.put("time", m.timestamp().toString());
        json.put("id", m.messageId().orElse(null));
        json.put("archiveId", m.archiveId().orElse(null));
        json.put("status", m.status().name().toLowerCase(Locale.ROOT));
        json.put("encryption", m.encryption().name().toLowerCase(Locale.ROOT));
        if (m.encryption() == Encryption.UNDECRYPTABLE) {
            json.put("reason", json.get("body"));
        }
        m.failure().ifPresent(failure -> {
            json.put("failure", failure.name().toLowerCase(Locale.ROOT));
            json.put("failureText", failure.explanation());
        });
        m.replyToId().ifPresent(id -> json.put("replyTo", id));
        if (m.edited()) {
            json.put("edited", true);
        }
        if (m.truncated()) {
            json.put("truncated", true);
        }
        if (m.retracted()) {
            json.put("retracted", true);
        }
        if (!m.reactions().isEmpty()) {
            json.put("reactions", m.reactions());
        }
        return json;
    }

    public static Map<String, Object> contact(Contact c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "contact");
        json.put("jid", c.jid());
        json.put("name", c.name().orElse(null));
        json.put("groups", c.groups().stream().sorted().toList());
        json.put("subscription", c.subscription().name().toLowerCase(Locale.ROOT));
        json.put("availability", c.availability().name().toLowerCase(Locale.ROOT));
        json.put("status", c.status().orElse(null));
        return json;
    }

    public static Map<String, Object> state(String account, ConnectionState state) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "connection");
        json.put("account", account);
        json.put("state", state.getClass().getSimpleName().toLowerCase());
        json.put("message", state.message());
        if (state instanceof ConnectionState.Failed failed) {
            json.put("reason", failed.failure().reason().name().toLowerCase(Locale.ROOT));
            failed.failure().certificateSha256().ifPresent(fp -> json.put("certificateSha256", fp));
        } else if (state instanceof ConnectionState.Reconnecting r) {
            json.put("reason", r.cause().reason().name().toLowerCase(Locale.ROOT));
            json.put("nextAttempt", r.nextAttempt().toString());
        }
        return json;
    }

    /** The JSON line for an event, or null for events the CLI does not print. */
    public static Map<String, Object> event(SottoEvent event) {
        if (event instanceof MessageAdded added) {
            Map<String, Object> json = message("message", added.message());
            json.put("live", added.live());
            return json;
        }
        if (event instanceof MessageFailed failed) {
            Map<String, Object> json = message("message-failed", failed.message());
            json.put("reason", failed.failure().name().toLowerCase(Locale.ROOT));
            json.put("explanation", failed.failure().explanation());
            return json;
        }
        if (event instanceof MessageUpdated updated) {
            return message("message-updated", updated.message());
        }
        if (event instanceof ConnectionStateChanged changed) {
            return state(changed.account(), changed.state());
        }
        if (event instanceof CatchUpProgress progress) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", "catch-up");
            json.put("account", progress.account());
            json.put("fetched", progress.fetched());
            json.put("done", progress.done());
            return json;
        }
        if (event instanceof ChatStateChanged typing) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", "typing");
            json.put("account", typing.account());
            json.put("peer", typing.peer());
            json.put("state", typing.state().name().toLowerCase(Locale.ROOT));
            return json;
        }
        if (event instanceof PresenceChanged presence) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", "presence");
            json.put("account", presence.account());
            json.put("contact", presence.contact());
            json.put("availability", presence.availability().name().toLowerCase(Locale.ROOT));
            json.put("status", presence.status().orElse(null));
            return json;
        }
        if (event instanceof ChatEncryptionChanged changed) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", "chat-encryption");
            json.put("jid", changed.peer());
            json.put("encryption", changed.encryption().name().toLowerCase(Locale.ROOT));
            return json;
        }
        if (event instanceof OmemoSendBlocked blocked) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", "send-blocked");
            json.put("jid", blocked.peer());
            json.put("reason", reason(blocked.reason()));
            json.put("devices", addresses(blocked.devices()));
            blocked.messageKey().ifPresent(k -> json.put("key", k));
            return json;
        }
        if (event instanceof DeviceAppeared appeared) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", "device-appeared");
            json.put("jid", appeared.jid());
            json.put("device", appeared.deviceId());
            return json;
        }
        if (event instanceof IdentityKeyChanged changed) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", "identity-changed");
            json.put("jid", changed.jid());
            json.put("device", changed.deviceId());
            json.put("knownFingerprint", changed.knownFingerprint());
            json.put("presentedFingerprint", changed.presentedFingerprint());
            return json;
        }
        if (event instanceof SubscriptionRequested request) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", "subscription-request");
            json.put("account", request.account());
            json.put("from", request.from());
            return json;
        }
        return null;
    }

    /** An error line: what failed as a typed {@code reason}, and a sentence for people. */
    public static Map<String, Object> error(String reason, String message) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "error");
        json.put("reason", reason);
        json.put("message", String.valueOf(message));
        return json;
    }

    /** A send that could not be encrypted: why, and the devices concerned (the undecided ones the user must decide about). */
    public static Map<String, Object> sendFailure(SendException e) {
        Map<String, Object> json = error(reason(e.reason()), e.getMessage());
        json.put("devices", addresses(e.devices()));
        return json;
    }

    /**
     * The reason of a refused send as the command line has always named it ({@code undecided_devices} for a trust
     * decision that is needed).
     */
    public static String reason(SendException.Reason reason) {
        return switch (reason) {
            case TRUST_DECISION_NEEDED -> "undecided_devices";
            default -> reason.name().toLowerCase(Locale.ROOT);
        };
    }

    private static List<Map<String, Object>> addresses(List<Device> devices) {
        List<Map<String, Object>> addresses = new ArrayList<>();
        for (Device device : devices) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("jid", device.jid());
            d.put("device", device.deviceId());
            addresses.add(d);
        }
        return addresses;
    }

    /** One OMEMO device of a contact (or of the own account) with its fingerprint and trust. */
    public static Map<String, Object> device(Device device) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "device");
        json.put("jid", device.jid());
        json.put("device", device.deviceId());
        json.put("fingerprint", device.fingerprint().orElse(null));
        json.put("trust", device.trust().map(t -> t.name().toLowerCase(Locale.ROOT)).orElse("unknown"));
        device.label().ifPresent(label -> json.put("label", label));
        return json;
    }

    /** A device as the profile last saw it (e.g. one that left its owner's list: "active" false). */
    public static Map<String, Object> knownDevice(Device device) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "device");
        json.put("jid", device.jid());
        json.put("device", device.deviceId());
        device.fingerprint().ifPresent(f -> json.put("fingerprint", f));
        json.put("trust", device.thisDevice() ? "own" : device.trust().map(t -> t.name().toLowerCase(Locale.ROOT)).orElse("unknown"));
        json.put("active", device.active());
        device.label().ifPresent(label -> json.put("label", label));
        device.lastSeen().ifPresent(seen -> json.put("lastSeen", seen.toString()));
        return json;
    }

    /** A message's file: never its key or URL (the API does not have them). */
    public static Map<String, Object> attachment(String type, String peer, Attachment a) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type);
        json.put("peer", peer);
        json.put("messageKey", a.messageKey());
        json.put("name", a.name());
        json.put("size", a.size().orElse(null));
        json.put("mediaType", a.mediaType());
        json.put("state", a.state().name().toLowerCase(Locale.ROOT));
        a.failure().ifPresent(f -> json.put("failure", f.name().toLowerCase(Locale.ROOT)));
        return json;
    }

    /** A file transfer that failed: its typed reason (and the server's limit for {@code too_large}). */
    public static Map<String, Object> fileFailure(String file, FileException e) {
        Map<String, Object> json = error(e.reason().name().toLowerCase(Locale.ROOT), e.getMessage());
        json.put("file", file);
        e.limit().ifPresent(limit -> json.put("limit", limit));
        return json;
    }

    /** This device itself. */
    public static Map<String, Object> ownDevice(String jid, int deviceId, String fingerprint) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "device");
        json.put("jid", jid);
        json.put("device", deviceId);
        json.put("fingerprint", fingerprint);
        json.put("trust", "own");
        return json;
    }
}
