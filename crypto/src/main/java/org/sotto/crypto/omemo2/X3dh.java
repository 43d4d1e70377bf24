package org.sotto.crypto.omemo2;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

import org.sotto.crypto.BadSignatureException;
import org.sotto.crypto.Bundle;
import org.sotto.crypto.DeviceIdentity;
import org.sotto.crypto.InvalidKeyLengthException;
import org.sotto.crypto.MalformedMessageException;
import org.sotto.crypto.OmemoException;

/**
 * X3DH with XEP-0384's parameters: Curve25519/Ed25519, SHA-256, info "OMEMO X3DH", a one-time prekey required,
 * AD = Encode(IK_A) || Encode(IK_B) with the identity keys in Ed25519 form. The input key material is 32 0xFF
 * bytes followed by DH1..DH4 (the X3DH specification's padding for X25519), HKDF salt 32 zero bytes.
 */
final class X3dh {
    private static final byte[] INFO = Primitives.info("OMEMO X3DH");
    private static final SecureRandom RANDOM = new SecureRandom();

    private X3dh() {
    }

    record Active(byte[] sharedSecret, byte[] associatedData, byte[] ephemeralPublic, int preKeyId) {
    }

    static Active active(DeviceIdentity own, Bundle bundle) throws OmemoException {
        byte[] identityKey = checked(bundle.identityKey(), "identity key");
        byte[] signedPreKey = checked(bundle.signedPreKey(), "signed prekey");
        if (bundle.signedPreKeySignature().length != Curve25519.SIGNATURE_LENGTH) {
            throw new InvalidKeyLengthException("the signed prekey signature is 64 bytes, got "
                    + bundle.signedPreKeySignature().length);
        }
        if (!Curve25519.verify(bundle.signedPreKeySignature(), identityKey, signedPreKey)) {
            throw new BadSignatureException("the signed prekey's signature does not verify with the bundle's "
                    + "identity key");
        }
        if (bundle.preKeys().isEmpty()) {
            throw new MalformedMessageException("the bundle has no one-time prekey; OMEMO 2 requires one");
        }
        List<Bundle.PreKey> preKeys = bundle.preKeys();
        Bundle.PreKey preKey = preKeys.get(RANDOM.nextInt(preKeys.size()));
        byte[] oneTimePreKey = checked(preKey.publicKey(), "one-time prekey " + preKey.id());

        byte[] ephemeral = Curve25519.generatePrivateKey(RANDOM);
        byte[] secret = derive(
                Curve25519.agree(own.x25519PrivateKey(), signedPreKey),
                Curve25519.agree(ephemeral, Curve25519.ed25519ToX25519(identityKey)),
                Curve25519.agree(ephemeral, signedPreKey),
                Curve25519.agree(ephemeral, oneTimePreKey));
        return new Active(secret, concat(own.ed25519PublicKey(), identityKey), Curve25519.publicKey(ephemeral),
                preKey.id());
    }

    static byte[] passive(DeviceIdentity own, byte[] signedPreKeyPrivate, byte[] preKeyPrivate, byte[] peerIdentity,
            byte[] ephemeral) throws OmemoException {
        return derive(
                Curve25519.agree(signedPreKeyPrivate, Curve25519.ed25519ToX25519(peerIdentity)),
                Curve25519.agree(own.x25519PrivateKey(), ephemeral),
                Curve25519.agree(signedPreKeyPrivate, ephemeral),
                Curve25519.agree(preKeyPrivate, ephemeral));
    }

    static byte[] associatedData(byte[] initiatorIdentity, byte[] responderIdentity) {
        return concat(initiatorIdentity, responderIdentity);
    }

    private static byte[] derive(byte[]... dhOutputs) {
        byte[] input = new byte[32 + 32 * dhOutputs.length];
        Arrays.fill(input, 0, 32, (byte) 0xFF);
        for (int i = 0; i < dhOutputs.length; i++) {
            System.arraycopy(dhOutputs[i], 0, input, 32 + 32 * i, 32);
        }
        byte[] secret = Primitives.hkdf(input, Primitives.ZERO_SALT, INFO, 32);
        Arrays.fill(input, (byte) 0);
        return secret;
    }

    static byte[] checked(byte[] key, String what) throws InvalidKeyLengthException {
        if (key.length != Curve25519.KEY_LENGTH) {
            throw new InvalidKeyLengthException("the " + what + " is 32 bytes, got " + key.length);
        }
        return key;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] out = new byte[first.length + second.length];
        System.arraycopy(first, 0, out, 0, first.length);
        System.arraycopy(second, 0, out, first.length, second.length);
        return out;
    }
}
