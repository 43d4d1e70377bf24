package org.sotto.crypto.omemo03;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.sotto.crypto.Bundle;
import org.sotto.crypto.EncryptedKey;
import org.sotto.crypto.EncryptedPayload;
import org.sotto.crypto.OmemoVersion;
import org.sotto.testkit.JsonLinesProcess;

/**
 * The real python-omemo 1.0 (oldmemo backend) as a peer: src/test/resources/interop/oldmemo_peer.py run by Debian's
 * python, JSON lines over stdin/stdout. One process per test class. Public for the test that one identity serves
 * both versions (package omemo2).
 */
public final class OldmemoPeer implements AutoCloseable {
    static final ObjectMapper JSON = JsonLinesProcess.JSON;
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder UNB64 = Base64.getDecoder();

    private final JsonLinesProcess process;

    private OldmemoPeer(JsonLinesProcess process) {
        this.process = process;
    }

    public static OldmemoPeer start() throws IOException {
        return new OldmemoPeer(JsonLinesProcess.python(OldmemoPeer.class, "/interop/oldmemo_peer.py", Map.of(), "--trace"));
    }

    /** Sends a request and returns the answer, failing the test if the peer reports an error. */
    JsonNode call(ObjectNode request) {
        JsonNode answer = tryCall(request);
        if (!answer.get("ok").asBoolean()) {
            throw new AssertionError("python-omemo failed " + request.get("cmd") + ": " + answer.get("error").asText());
        }
        return answer;
    }

    /** Sends a request and returns the answer, with {@code ok} false and {@code error} when the peer failed. */
    JsonNode tryCall(ObjectNode request) {
        return process.request(request);
    }

    static ObjectNode request(String command) {
        return JSON.createObjectNode().put("cmd", command);
    }

    // --- mapping between the JSON of the script and our value objects

    static ObjectNode bundleJson(Bundle bundle) {
        ObjectNode json = JSON.createObjectNode()
                .put("spk_id", bundle.signedPreKeyId())
                .put("spk", b64(bundle.signedPreKey()))
                .put("spk_sig", b64(bundle.signedPreKeySignature()))
                .put("ik", b64(bundle.identityKey()));
        ArrayNode preKeys = json.putArray("prekeys");
        for (Bundle.PreKey preKey : bundle.preKeys()) {
            preKeys.addObject().put("id", preKey.id()).put("key", b64(preKey.publicKey()));
        }
        return json;
    }

    static Bundle bundle(JsonNode json) {
        List<Bundle.PreKey> preKeys = new ArrayList<>();
        json.get("prekeys").forEach(k -> preKeys.add(new Bundle.PreKey(k.get("id").asInt(), unb64(k.get("key")))));
        return new Bundle(OmemoVersion.V0_3, json.get("spk_id").asInt(), unb64(json.get("spk")),
                unb64(json.get("spk_sig")), unb64(json.get("ik")), preKeys);
    }

    static List<EncryptedKey> keys(JsonNode encrypted) {
        List<EncryptedKey> keys = new ArrayList<>();
        encrypted.get("keys").forEach(k -> keys.add(
                new EncryptedKey(k.get("rid").asInt(), unb64(k.get("data")), k.get("prekey").asBoolean())));
        return keys;
    }

    public static EncryptedKey keyFor(JsonNode encrypted, int deviceId) {
        return keys(encrypted).stream().filter(k -> k.recipientDeviceId() == deviceId).findFirst()
                .orElseThrow(() -> new AssertionError("no key element for device " + deviceId));
    }

    public static EncryptedPayload payload(JsonNode encrypted) {
        return new EncryptedPayload(unb64(encrypted.get("iv")),
                encrypted.get("payload").isNull() ? new byte[0] : unb64(encrypted.get("payload")));
    }

    static ObjectNode keyJson(EncryptedKey key) {
        return JSON.createObjectNode().put("data", b64(key.data())).put("prekey", key.preKey());
    }

    static String b64(byte[] bytes) {
        return B64.encodeToString(bytes);
    }

    static byte[] unb64(JsonNode text) {
        return UNB64.decode(text.asText());
    }

    @Override
    public void close() {
        process.close();
    }
}
