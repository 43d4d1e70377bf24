package org.sotto.crypto.omemo2;

import java.security.SecureRandom;

/**
 * A device's long-term identity as OMEMO 2 uses it: an Ed25519 key pair (RFC 8032 seed). The public key is sent
 * in its Ed25519 form; for X3DH the same scalar is used as an X25519 key (XEP-0384 allows an Ed25519 identity,
 * which then signs with plain Ed25519 and needs no XEdDSA; python-omemo does the same).
 *
 * <p>Placeholder: the root package's device identity (shared with OMEMO 0.3) replaces it at merge; it only needs
 * to hand over the 32-byte seed.
 */
public final class Omemo2Identity {
    private final byte[] seed;
    private final byte[] publicKey;
    private final byte[] x25519Private;

    private Omemo2Identity(byte[] seed) {
        this.seed = seed.clone();
        this.publicKey = Curve25519.ed25519PublicKey(this.seed);
        this.x25519Private = Curve25519.x25519PrivateKey(this.seed);
    }

    public static Omemo2Identity fromSeed(byte[] seed) {
        if (seed == null || seed.length != 32) {
            throw new IllegalArgumentException("an Ed25519 seed is 32 bytes, got "
                    + (seed == null ? "none" : seed.length + " bytes"));
        }
        return new Omemo2Identity(seed);
    }

    public static Omemo2Identity generate() {
        return new Omemo2Identity(Curve25519.generatePrivateKey(new SecureRandom()));
    }

    /** The Ed25519 public key, as published in the bundle's {@code ik}. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The Curve25519 form of the public key: the fingerprint XEP-0384 recommends showing. */
    public byte[] curve25519PublicKey() {
        return Curve25519.publicKey(x25519Private);
    }

    /** The secret seed, for persisting the identity; never log it. */
    public byte[] seed() {
        return seed.clone();
    }

    byte[] x25519Private() {
        return x25519Private;
    }

    byte[] sign(byte[] message) {
        return Curve25519.sign(seed, message);
    }
}
