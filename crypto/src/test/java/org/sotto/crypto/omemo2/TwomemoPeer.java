package org.sotto.crypto.omemo2;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.sotto.crypto.Bundle;
import org.sotto.crypto.EncryptedKey;
import org.sotto.crypto.OmemoVersion;
import org.sotto.testkit.JsonLinesProcess;

/**
 * The real python-twomemo 1.0.3 (Debian's python3-twomemo) as an OMEMO 2 peer: one long-lived
 * {@code twomemo_peer.py} process, JSON lines over stdin/stdout. It can hold several named devices.
 */
final class TwomemoPeer implements AutoCloseable {
    private static final ObjectMapper JSON = JsonLinesProcess.JSON;
    private final JsonLinesProcess process;

    TwomemoPeer() throws IOException {
        process = JsonLinesProcess.python(TwomemoPeer.class, "/omemo2/twomemo_peer.py", Map.of());
    }

    /** A message from python: the key element for one recipient and the payload (null when empty). */
    record Sent(byte[] key, boolean kex, byte[] payload) {
    }

    /** python's answer to a decrypt: plaintext (null for an empty message) or the error it raised. */
    record Received(byte[] plaintext, byte[] keyMaterial, String error, String cause) {
        boolean ok() {
            return error == null;
        }
    }

    Bundle create(String device) throws IOException {
        return bundle(call(command("create", device)));
    }

    /** A device whose identity is this Ed25519 seed (python-omemo's own form of an identity). */
    Bundle createWithSeed(String device, byte[] seed) throws IOException {
        return bundle(call(command("create", device).put("seed", b64(seed))));
    }

    /** A device whose identity is a Curve25519 private key instead of an Ed25519 seed (XEdDSA signatures). */
    Bundle createWithCurve25519Identity(String device, byte[] privateKey) throws IOException {
        return bundle(call(command("create", device).put("priv", b64(privateKey))));
    }

    JsonNode keys(byte[] seed, byte[] message, byte[] signature) throws IOException {
        return checked(call(JSON.createObjectNode().put("op", "keys").put("seed", b64(seed))
                .put("message", b64(message)).put("signature", b64(signature))));
    }

    static byte[] bytes(JsonNode node) {
        return unb64(node);
    }

    Bundle bundle(String device) throws IOException {
        return bundle(call(command("bundle", device)));
    }

    Sent encrypt(String device, int peer, byte[] plaintext, Bundle bundleIfNoSession) throws IOException {
        ObjectNode cmd = command("encrypt", device).put("peer", peer);
        if (plaintext == null) {
            cmd.put("empty", true);
        } else {
            cmd.put("plaintext", b64(plaintext));
        }
        if (bundleIfNoSession != null) {
            cmd.set("bundle", toJson(bundleIfNoSession));
        }
        JsonNode answer = checked(call(cmd));
        return new Sent(unb64(answer.get("key")), answer.get("kex").asBoolean(), unb64(answer.get("payload")));
    }

    Received decrypt(String device, int peer, EncryptedKey key, byte[] payload) throws IOException {
        ObjectNode cmd = command("decrypt", device).put("peer", peer).put("key", b64(key.data()))
                .put("kex", key.preKey());
        if (payload != null) {
            cmd.put("payload", b64(payload));
        }
        JsonNode answer = call(cmd);
        if (answer.has("error")) {
            return new Received(null, null, answer.get("error").asText(),
                    answer.path("cause").isNull() ? null : answer.path("cause").asText(null));
        }
        return new Received(unb64(answer.get("plaintext")), unb64(answer.get("key_material")), null, null);
    }

    JsonNode session(String device, int peer) throws IOException {
        return checked(call(command("session", device).put("peer", peer)));
    }

    int preKeyCount(String device) throws IOException {
        return checked(call(command("pre_keys", device))).get("count").asInt();
    }

    private static ObjectNode command(String op, String device) {
        return JSON.createObjectNode().put("op", op).put("device", device);
    }

    private JsonNode call(ObjectNode command) {
        return process.request(command);
    }

    private static JsonNode checked(JsonNode answer) throws IOException {
        if (answer.has("error")) {
            throw new IOException("python-twomemo: " + answer.get("error").asText() + ": "
                    + answer.get("message").asText() + "\n" + answer.path("trace").asText());
        }
        return answer;
    }

    private static Bundle bundle(JsonNode answer) throws IOException {
        checked(answer);
        List<Bundle.PreKey> preKeys = new ArrayList<>();
        answer.get("pks").fields().forEachRemaining(e -> preKeys.add(
                new Bundle.PreKey(Integer.parseInt(e.getKey()), unb64(e.getValue()))));
        return new Bundle(OmemoVersion.V2, answer.get("spk_id").asInt(), unb64(answer.get("spk")),
                unb64(answer.get("spks")), unb64(answer.get("ik")), preKeys);
    }

    private static ObjectNode toJson(Bundle bundle) {
        ObjectNode node = JSON.createObjectNode().put("ik", b64(bundle.identityKey()))
                .put("spk", b64(bundle.signedPreKey())).put("spk_id", bundle.signedPreKeyId())
                .put("spks", b64(bundle.signedPreKeySignature()));
        ObjectNode pks = node.putObject("pks");
        bundle.preKeys().forEach(k -> pks.put(String.valueOf(k.id()), b64(k.publicKey())));
        return node;
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] unb64(JsonNode node) {
        return node == null || node.isNull() ? null : Base64.getDecoder().decode(node.asText());
    }

    @Override
    public void close() {
        process.close();
    }
}
