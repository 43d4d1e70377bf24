package org.sotto.crypto.omemo03;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.sotto.crypto.Bundle;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.EncryptedKey;
import org.sotto.crypto.EncryptedPayload;

/** A python-omemo (oldmemo) device living in the peer process. */
public final class PythonDevice {
    final OldmemoPeer peer;
    final String name;
    public final DeviceAddress address;
    public final JsonNode created;

    public PythonDevice(OldmemoPeer peer, String name, DeviceAddress address, byte[] seed) {
        this.peer = peer;
        this.name = name;
        this.address = address;
        ObjectNode request = OldmemoPeer.request("create").put("name", name).put("jid", address.bareJid())
                .put("device_id", address.deviceId());
        if (seed != null) {
            request.put("seed", OldmemoPeer.b64(seed));
        }
        this.created = peer.call(request);
    }

    public Bundle bundle() {
        return OldmemoPeer.bundle(peer.call(OldmemoPeer.request("bundle").put("name", name)));
    }

    /** Python downloads a bundle (ours, or another python device's), through oldmemo's own XML parsing. */
    public JsonNode learn(DeviceAddress device, Bundle bundle) {
        ObjectNode request = OldmemoPeer.request("learn_bundle").put("name", name).put("jid", device.bareJid())
                .put("device_id", device.deviceId());
        request.set("bundle", OldmemoPeer.bundleJson(bundle));
        return peer.call(request);
    }

    public JsonNode send(String text, List<DeviceAddress> recipients) {
        ObjectNode request = OldmemoPeer.request("encrypt").put("name", name);
        if (text != null) {
            request.put("plaintext", OldmemoPeer.b64(text.getBytes(StandardCharsets.UTF_8)));
        } else {
            request.putNull("plaintext");
        }
        ArrayNode list = request.putArray("recipients");
        recipients.forEach(r -> list.addArray().add(r.bareJid()).add(r.deviceId()));
        return peer.call(request);
    }

    JsonNode tryReceive(DeviceAddress sender, EncryptedPayload payload, EncryptedKey key) {
        ObjectNode request = OldmemoPeer.request("decrypt").put("name", name);
        request.putArray("sender").add(sender.bareJid()).add(sender.deviceId());
        request.put("iv", OldmemoPeer.b64(payload.iv()));
        if (payload.isEmpty()) {
            request.putNull("payload");
        } else {
            request.put("payload", OldmemoPeer.b64(payload.ciphertext()));
        }
        request.set("key", OldmemoPeer.keyJson(key));
        return peer.tryCall(request);
    }

    /** Decrypts and returns the text (null for a key transport message). */
    public String receive(DeviceAddress sender, EncryptedPayload payload, EncryptedKey key) {
        JsonNode answer = tryReceive(sender, payload, key);
        if (!answer.get("ok").asBoolean()) {
            throw new AssertionError("python-omemo " + name + " could not decrypt from " + sender + ": "
                    + answer.get("error").asText());
        }
        return answer.get("plaintext").isNull() ? null
                : new String(Base64.getDecoder().decode(answer.get("plaintext").asText()), StandardCharsets.UTF_8);
    }

    boolean hasSession(DeviceAddress device) {
        return peer.call(OldmemoPeer.request("has_session").put("name", name).put("jid", device.bareJid())
                .put("device_id", device.deviceId())).get("has_session").asBoolean();
    }
}
