package org.sotto.crypto.omemo2;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The Curve25519/Ed25519 operations OMEMO 2 needs, on Bouncy Castle: X25519, Ed25519 signatures, and the
 * birational map between the curves (RFC 7748 section 4.1) to use an Ed25519 identity key for X25519.
 */
final class Curve25519 {
    static final int KEY_LENGTH = 32;
    static final int SIGNATURE_LENGTH = 64;
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

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
    static byte[] agree(byte[] x25519Private, byte[] x25519Public) throws Omemo2Exception.Malformed {
        byte[] shared = new byte[KEY_LENGTH];
        if (!X25519.calculateAgreement(x25519Private, 0, x25519Public, 0, shared, 0)) {
            throw new Omemo2Exception.Malformed("a Curve25519 public key of low order was received");
        }
        return shared;
    }

    /** The Ed25519 public key of an RFC 8032 private key (seed). */
    static byte[] ed25519PublicKey(byte[] seed) {
        byte[] pub = new byte[KEY_LENGTH];
        Ed25519.generatePublicKey(seed, 0, pub, 0);
        return pub;
    }

    /**
     * The X25519 private key with the same scalar as an Ed25519 seed: the first half of SHA-512(seed), clamped
     * (libsodium's crypto_sign_ed25519_sk_to_curve25519; python-xeddsa's seed_to_priv).
     */
    static byte[] x25519PrivateKey(byte[] seed) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-512").digest(seed);
            byte[] scalar = Arrays.copyOf(hash, KEY_LENGTH);
            Arrays.fill(hash, (byte) 0);
            X25519.clampPrivateKey(scalar);
            return scalar;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is part of every Java runtime", e);
        }
    }

    static byte[] sign(byte[] seed, byte[] message) {
        byte[] signature = new byte[SIGNATURE_LENGTH];
        Ed25519.sign(seed, 0, message, 0, message.length, signature, 0);
        return signature;
    }

    static boolean verify(byte[] signature, byte[] ed25519Public, byte[] message) {
        return signature.length == SIGNATURE_LENGTH && ed25519Public.length == KEY_LENGTH
                && Ed25519.verify(signature, 0, ed25519Public, 0, message, 0, message.length);
    }

    /** Ed25519 public key to its Montgomery form: u = (1 + y) / (1 - y) mod p. */
    static byte[] ed25519ToX25519(byte[] ed25519Public) throws Omemo2Exception.Malformed {
        if (ed25519Public.length != KEY_LENGTH || !Ed25519.validatePublicKeyPartial(ed25519Public, 0)) {
            throw new Omemo2Exception.Malformed("not an Ed25519 public key (" + ed25519Public.length + " bytes)");
        }
        byte[] littleEndian = ed25519Public.clone();
        littleEndian[31] &= 0x7f; // the sign of x is not needed for u
        BigInteger y = fromLittleEndian(littleEndian);
        BigInteger denominator = BigInteger.ONE.subtract(y).mod(P);
        if (denominator.signum() == 0) {
            throw new Omemo2Exception.Malformed("the Ed25519 identity point has no Montgomery form");
        }
        return toLittleEndian(BigInteger.ONE.add(y).multiply(denominator.modInverse(P)).mod(P));
    }

    /** Montgomery u-coordinate to the Ed25519 public key with sign bit 0: y = (u - 1) / (u + 1) mod p. */
    static byte[] x25519ToEd25519(byte[] x25519Public) throws Omemo2Exception.Malformed {
        if (x25519Public.length != KEY_LENGTH) {
            throw new Omemo2Exception.Malformed("a Curve25519 public key is 32 bytes, got " + x25519Public.length);
        }
        byte[] littleEndian = x25519Public.clone();
        littleEndian[31] &= 0x7f;
        BigInteger u = fromLittleEndian(littleEndian).mod(P);
        BigInteger denominator = u.add(BigInteger.ONE).mod(P);
        if (denominator.signum() == 0) {
            throw new Omemo2Exception.Malformed("the Curve25519 point has no Edwards form");
        }
        return toLittleEndian(u.subtract(BigInteger.ONE).multiply(denominator.modInverse(P)).mod(P));
    }

    private static BigInteger fromLittleEndian(byte[] littleEndian) {
        byte[] bigEndian = new byte[littleEndian.length];
        for (int i = 0; i < littleEndian.length; i++) {
            bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
        }
        return new BigInteger(1, bigEndian);
    }

    private static byte[] toLittleEndian(BigInteger value) {
        byte[] bigEndian = value.toByteArray();
        byte[] littleEndian = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH && i < bigEndian.length; i++) {
            littleEndian[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return littleEndian;
    }
}
