package org.sotto.crypto.omemo2;

import java.security.SecureRandom;

import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.sotto.crypto.IdentityKeys;
import org.sotto.crypto.InvalidKeyLengthException;
import org.sotto.crypto.MalformedMessageException;
import org.sotto.crypto.OmemoException;

/**
 * The Curve25519/Ed25519 operations OMEMO 2 needs, on Bouncy Castle: X25519, Ed25519 signature verification, and
 * a peer's Ed25519 identity key in X25519 form (the map itself is {@link IdentityKeys}'; our own identity's keys
 * come from {@link org.sotto.crypto.DeviceIdentity}).
 */
final class Curve25519 {
    static final int KEY_LENGTH = 32;
    static final int SIGNATURE_LENGTH = 64;

    private Curve25519() {
    }

    static byte[] generatePrivateKey(SecureRandom random) {
        byte[] key = new byte[KEY_LENGTH];
        random.nextBytes(key);
        return key;
    }

    static byte[] publicKey(byte[] x25519Private) {
        byte[] pub = new byte[KEY_LENGTH];
        X25519.scalarMultBase(x25519Private, 0, pub, 0);
        return pub;
    }

    /** X25519; refuses low-order public keys (an all-zero shared secret). */
    static byte[] agree(byte[] x25519Private, byte[] x25519Public) throws MalformedMessageException {
        byte[] shared = new byte[KEY_LENGTH];
        if (!X25519.calculateAgreement(x25519Private, 0, x25519Public, 0, shared, 0)) {
            throw new MalformedMessageException("a Curve25519 public key of low order was received");
        }
        return shared;
    }

    static boolean verify(byte[] signature, byte[] ed25519Public, byte[] message) {
        return signature.length == SIGNATURE_LENGTH && ed25519Public.length == KEY_LENGTH
                && Ed25519.verify(signature, 0, ed25519Public, 0, message, 0, message.length);
    }

    /**
     * An Ed25519 public key (a peer's OMEMO 2 identity) in its Montgomery form, for X3DH. The point is checked
     * first, so garbage is refused instead of being mapped.
     */
    static byte[] ed25519ToX25519(byte[] ed25519Public) throws OmemoException {
        if (ed25519Public.length != KEY_LENGTH) {
            throw new InvalidKeyLengthException("an Ed25519 public key is 32 bytes, got " + ed25519Public.length);
        }
        if (!Ed25519.validatePublicKeyPartial(ed25519Public, 0)) {
            throw new MalformedMessageException("not an Ed25519 public key");
        }
        return IdentityKeys.ed25519ToCurve25519(ed25519Public);
    }
}
