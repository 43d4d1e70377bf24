package org.sotto.core.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.contacts.Contact;
import org.sotto.core.api.event.CatchUpProgress;
import org.sotto.core.api.event.ChatStateChanged;
import org.sotto.core.api.event.ConnectionStateChanged;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.event.MessageUpdated;
import org.sotto.core.api.event.PresenceChanged;
import org.sotto.core.api.event.SottoEvent;
import org.sotto.core.api.event.SubscriptionRequested;

/** The CLI's JSON shape of Sotto's values: flat objects with a "type", stable field names, ISO-8601 times. */
final class JsonEvents {
    private JsonEvents() {
    }

    static Map<String, Object> message(String type, ChatMessage m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type);
        json.put("account", m.account());
        json.put("peer", m.peer());
        json.put("kind", m.kind().name().toLowerCase());
        json.put("direction", m.direction().name().toLowerCase());
        json.put("sender", m.sender());
        json.put("body", m.body());
        json.put("time", m.timestamp().toString());
        json.put("id", m.messageId().orElse(null));
        json.put("archiveId", m.archiveId().orElse(null));
        json.put("status", m.status().name().toLowerCase());
        json.put("encryption", m.encryption().name().toLowerCase());
        if (m.encryption() == org.sotto.core.api.chat.Encryption.UNDECRYPTABLE) {
            json.put("reason", m.body()); // the core keeps why it could not decrypt as the body
        }
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

    static Map<String, Object> contact(Contact c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "contact");
        json.put("jid", c.jid());
        json.put("name", c.name().orElse(null));
        json.put("groups", c.groups().stream().sorted().toList());
        json.put("subscription", c.subscription().name().toLowerCase());
        json.put("availability", c.availability().name().toLowerCase());
        json.put("status", c.status().orElse(null));
        return json;
    }

    static Map<String, Object> state(String account, ConnectionState state) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "connection");
        json.put("account", account);
        json.put("state", state.getClass().getSimpleName().toLowerCase());
        json.put("message", state.message());
        if (state instanceof ConnectionState.Failed failed) {
            json.put("reason", failed.failure().reason().name().toLowerCase());
            failed.failure().certificateSha256().ifPresent(fp -> json.put("certificateSha256", fp));
        } else if (state instanceof ConnectionState.Reconnecting r) {
            json.put("reason", r.cause().reason().name().toLowerCase());
            json.put("nextAttempt", r.nextAttempt().toString());
        }
        return json;
    }

    /** The JSON line for an event, or null for events the CLI does not print. */
    static Map<String, Object> event(SottoEvent event) {
        if (event instanceof MessageAdded added) {
            Map<String, Object> json = message("message", added.message());
            json.put("live", added.live());
            return json;
        }
        if (event instanceof org.sotto.core.api.event.MessageFailed failed) {
            Map<String, Object> json = message("message-failed", failed.message());
            json.put("reason", failed.failure().name().toLowerCase());
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
            json.put("state", typing.state().name().toLowerCase());
            return json;
        }
        if (event instanceof PresenceChanged presence) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", "presence");
            json.put("account", presence.account());
            json.put("contact", presence.contact());
            json.put("availability", presence.availability().name().toLowerCase());
            json.put("status", presence.status().orElse(null));
            return json;
        }
        if (event instanceof org.sotto.core.api.event.ChatEncryptionChanged changed) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", "chat-encryption");
            json.put("jid", changed.peer());
            json.put("encryption", changed.encryption().name().toLowerCase());
            return json;
        }
        if (event instanceof org.sotto.core.api.event.OmemoSendBlocked blocked) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", "send-blocked");
            json.put("jid", blocked.peer());
            json.put("reason", blocked.reason().name().toLowerCase());
            json.put("devices", blocked.devices().stream().map(d -> Map.<String, Object>of("jid", d.bareJid(),
                    "device", d.deviceId())).toList());
            blocked.messageKey().ifPresent(k -> json.put("key", k));
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

    /** A send that OMEMO refused: why, and the devices concerned (the undecided ones the user must trust or distrust). */
    static Map<String, Object> omemoFailure(org.sotto.core.omemo.OmemoSendException e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "error");
        json.put("reason", e.reason().name().toLowerCase());
        json.put("message", String.valueOf(e.getMessage()));
        List<Map<String, Object>> devices = new ArrayList<>();
        for (org.sotto.crypto.DeviceAddress device : e.devices()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("jid", device.bareJid());
            d.put("device", device.deviceId());
            devices.add(d);
        }
        json.put("devices", devices);
        return json;
    }

    /** One OMEMO device of a contact (or of the own account) with its fingerprint and trust. */
    static Map<String, Object> device(org.sotto.crypto.TrustRecord record) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "device");
        json.put("jid", record.device().bareJid());
        json.put("device", record.device().deviceId());
        json.put("fingerprint", record.identity().display());
        json.put("trust", record.level().name().toLowerCase());
        return json;
    }

    /** A device from the cache (e.g. one that left its owner's list: "active" false). */
    static Map<String, Object> device(org.sotto.core.omemo.OmemoService.OmemoDevice device) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "device");
        json.put("jid", device.address().bareJid());
        json.put("device", device.address().deviceId());
        device.fingerprint().ifPresent(f -> json.put("fingerprint", f.display()));
        json.put("trust", device.thisDevice() ? "own" : device.trust().map(t -> t.name().toLowerCase()).orElse("unknown"));
        json.put("active", device.active());
        return json;
    }

    /** This device itself. */
    static Map<String, Object> ownDevice(String jid, int deviceId, String fingerprint) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "device");
        json.put("jid", jid);
        json.put("device", deviceId);
        json.put("fingerprint", fingerprint);
        json.put("trust", "own");
        return json;
    }
}
