package org.sotto.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The long-term identity of this device: one Ed25519 key pair, kept as its 32-byte seed exactly as python-omemo
 * 1.0 keeps it ({@code IdentityKeyPairSeed}). The private scalar is the clamped first half of SHA-512(seed); the
 * same scalar is the X25519 private key, so the Ed25519 public key (OMEMO 2) and the Curve25519 public key
 * (OMEMO 0.3) are two forms of one key, and the device has one fingerprint and one trust decision.
 */
public final class DeviceIdentity {
    private final byte[] seed;
    private final byte[] scalar;
    private final byte[] ed25519Public;
    private final byte[] curve25519Public;

    private DeviceIdentity(byte[] seed) {
        this.seed = seed.clone();
        this.scalar = scalarOf(seed);
        this.ed25519Public = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
        this.curve25519Public = new X25519PrivateKeyParameters(scalar, 0).generatePublicKey().getEncoded();
    }

    public static DeviceIdentity generate() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return new DeviceIdentity(seed);
    }

    public static DeviceIdentity fromSeed(byte[] seed) throws InvalidKeyLengthException {
        if (seed == null || seed.length != 32) {
            throw new InvalidKeyLengthException("an identity seed is 32 bytes, got "
                    + (seed == null ? "none" : seed.length));
        }
        return new DeviceIdentity(seed);
    }

    /** The secret to store: everything else derives from it. */
    public byte[] seed() {
        return seed.clone();
    }

    /** The clamped private scalar: the X25519 private key of the identity (libsignal's identity private key). */
    public byte[] x25519PrivateKey() {
        return scalar.clone();
    }

    /** The OMEMO 2 identity key. */
    public byte[] ed25519PublicKey() {
        return ed25519Public.clone();
    }

    /** The OMEMO 0.3 identity key (without libsignal's 0x05 type byte); also the fingerprint. */
    public byte[] curve25519PublicKey() {
        return curve25519Public.clone();
    }

    public Fingerprint fingerprint() {
        return new Fingerprint(curve25519Public);
    }

    /** A plain Ed25519 signature (RFC 8032) with the seed, as OMEMO 2 signs its signed prekey. */
    public byte[] signEd25519(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, new Ed25519PrivateKeyParameters(seed, 0));
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    private static byte[] scalarOf(byte[] seed) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-512").digest(seed);
            byte[] scalar = Arrays.copyOf(hash, 32);
            scalar[0] &= (byte) 248;
            scalar[31] &= 127;
            scalar[31] |= 64;
            Arrays.fill(hash, (byte) 0);
            return scalar;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-512", e);
        }
    }

    @Override
    public String toString() {
        return "DeviceIdentity[" + fingerprint() + "]";
    }
}
