package org.sotto.core.internal.connection;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.callback.CallbackHandler;

import org.jivesoftware.smack.SmackException.SmackSaslException;
import org.jivesoftware.smack.sasl.SASLMechanism;

/**
 * SCRAM-SHA-256 (RFC 7677, the SCRAM of RFC 5802 with SHA-256), which Smack 4.4.8 lacks: its {@code ScramMechanism}
 * computes StoredKey with SHA-1 whatever the HMAC, so it cannot be reused. No channel binding (gs2 header
 * {@code n,,}): Sotto has none to offer. Preferred over Smack's SCRAM-SHA-1 when the server offers both.
 */
public final class ScramSha256Mechanism extends SASLMechanism {
    public static final String NAME = "SCRAM-SHA-256";
    /** Smack's SCRAM-SHA-1 has 110, its (blacklisted) SCRAM-SHA-1-PLUS 100; lower is preferred. */
    static final int PRIORITY = 105;
    private static final String GS2_HEADER = "n,,";
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum State { INITIAL, FIRST_SENT, FINAL_SENT, VERIFIED }

    private State state = State.INITIAL;
    private String clientNonce;
    private String clientFirstBare;
    private byte[] expectedServerSignature;

    @Override
    protected void authenticateInternal(CallbackHandler cbh) {
        throw new UnsupportedOperationException("a CallbackHandler is not supported");
    }

    @Override
    protected byte[] getAuthenticationText() {
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        clientNonce = Base64.getEncoder().withoutPadding().encodeToString(random); // printable, no ','
        clientFirstBare = "n=" + escape(saslPrep(authenticationId)) + ",r=" + clientNonce;
        state = State.FIRST_SENT;
        return toBytes(GS2_HEADER + clientFirstBare);
    }

    @Override
    protected byte[] evaluateChallenge(byte[] challenge) throws SmackSaslException {
        String message = new String(challenge, StandardCharsets.UTF_8);
        switch (state) {
            case FIRST_SENT:
                return clientFinal(message);
            case FINAL_SENT:
                Map<Character, String> fin = attributes(message);
                if (fin.containsKey('e')) {
                    throw new SmackSaslException("the server refused the SCRAM-SHA-256 proof: " + fin.get('e'));
                }
                byte[] signature = fin.get('v') == null ? null : decode(fin.get('v'));
                if (signature == null || !MessageDigest.isEqual(signature, expectedServerSignature)) {
                    throw new SmackSaslException("the server's SCRAM-SHA-256 signature is wrong: it does not know the password");
                }
                state = State.VERIFIED;
                return null;
            default:
                throw new SmackSaslException("unexpected SCRAM-SHA-256 challenge in state " + state);
        }
    }

    private byte[] clientFinal(String serverFirst) throws SmackSaslException {
        Map<Character, String> first = attributes(serverFirst);
        String nonce = first.get('r');
        String salt = first.get('s');
        String iterationText = first.get('i');
        if (first.containsKey('m') || nonce == null || salt == null || iterationText == null) {
            throw new SmackSaslException("malformed SCRAM-SHA-256 server-first-message");
        }
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new SmackSaslException("the server's SCRAM nonce does not extend ours");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(iterationText);
        } catch (NumberFormatException e) {
            throw new SmackSaslException("SCRAM iteration count is not a number: " + iterationText, e);
        }
        if (iterations < 1) {
            throw new SmackSaslException("SCRAM iteration count must be positive: " + iterations);
        }
        String finalWithoutProof = "c=" + Base64.getEncoder().encodeToString(toBytes(GS2_HEADER)) + ",r=" + nonce;
        byte[] authMessage = toBytes(clientFirstBare + "," + serverFirst + "," + finalWithoutProof);
        try {
            byte[] salted = hi(toBytes(saslPrep(password)), decode(salt), iterations);
            byte[] clientKey = hmac(salted, toBytes("Client Key"));
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            byte[] clientSignature = hmac(storedKey, authMessage);
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
            }
            expectedServerSignature = hmac(hmac(salted, toBytes("Server Key")), authMessage);
            state = State.FINAL_SENT;
            return toBytes(finalWithoutProof + ",p=" + Base64.getEncoder().encodeToString(proof));
        } catch (GeneralSecurityException e) {
            throw new SmackSaslException(e);
        }
    }

    /** RFC 5802 Hi(): PBKDF2 with HMAC-SHA-256 and one block. */
    static byte[] hi(byte[] password, byte[] salt, int iterations) throws GeneralSecurityException {
        byte[] block = new byte[salt.length + 4];
        System.arraycopy(salt, 0, block, 0, salt.length);
        block[block.length - 1] = 1;
        byte[] u = hmac(password, block);
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = hmac(password, u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] decode(String base64) throws SmackSaslException {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new SmackSaslException("SCRAM value is not base64", e);
        }
    }

    private static Map<Character, String> attributes(String message) throws SmackSaslException {
        Map<Character, String> attributes = new HashMap<>();
        for (String part : message.split(",")) {
            if (part.length() < 2 || part.charAt(1) != '=') {
                throw new SmackSaslException("malformed SCRAM attribute: " + part);
            }
            attributes.putIfAbsent(part.charAt(0), part.substring(2));
        }
        return attributes;
    }

    private static String escape(String name) {
        return name.replace("=", "=3D").replace(",", "=2C");
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }

    @Override
    protected void checkIfSuccessfulOrThrow() throws SmackSaslException {
        if (state != State.VERIFIED) {
            throw new SmackSaslException("SCRAM-SHA-256 ended without the server proving it knows the password");
        }
    }

    @Override
    protected SASLMechanism newInstance() {
        return new ScramSha256Mechanism();
    }
}
