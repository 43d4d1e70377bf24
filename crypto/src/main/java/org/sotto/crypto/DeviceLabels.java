package org.sotto.crypto;

import java.nio.charset.StandardCharsets;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * OMEMO 2 device labels (XEP-0384 §4.3): a label counts only with a valid Ed25519 signature (RFC 8032) of its UTF-8
 * bytes by the device's identity key.
 */
public final class DeviceLabels {
    /** Longer labels are ignored (the XEP recommends under 53 code points). */
    public static final int MAX_LENGTH = 200;
    private static final int SIGNATURE_LENGTH = 64;

    private DeviceLabels() {
    }

    /**
     * Whether {@code signature} is the identity's signature of {@code label}. A fingerprint is the Curve25519 form,
     * without the Ed25519 sign bit, so both Ed25519 forms are tried: the private key of the other one is the
     * negation of the real one, which only the device's owner can know.
     */
    public static boolean verify(Fingerprint identity, String label, byte[] signature) {
        if (label.isEmpty() || label.length() > MAX_LENGTH || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        byte[] message = label.getBytes(StandardCharsets.UTF_8);
        try {
            for (boolean sign : new boolean[] {false, true}) {
                byte[] ed25519 = IdentityKeys.curve25519ToEd25519(identity.key(), sign);
                if (Ed25519.validatePublicKeyPartial(ed25519, 0)
                        && Ed25519.verify(signature, 0, ed25519, 0, message, 0, message.length)) {
                    return true;
                }
            }
        } catch (InvalidKeyLengthException e) {
            return false;
        }
        return false;
    }
}
