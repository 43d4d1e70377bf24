package org.sotto.crypto;

import java.math.BigInteger;

/**
 * Conversions between the two forms of one identity key: Ed25519 (OMEMO 2) and Curve25519/X25519 (OMEMO 0.3),
 * via the birational map between the curves (u = (1+y)/(1-y), y = (u-1)/(u+1)). The Curve25519 form carries
 * no sign bit; going back to Ed25519 needs it from elsewhere (in OMEMO 0.3 python-omemo and libsignal keep it in
 * the top bit of the signed prekey signature).
 */
public final class IdentityKeys {
    static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

    private IdentityKeys() {
    }

    /** The Curve25519 (Montgomery u) form of an Ed25519 public key. */
    public static byte[] ed25519ToCurve25519(byte[] ed25519) throws InvalidKeyLengthException {
        requireLength(ed25519, "an Ed25519 public key");
        BigInteger y = fromLittleEndian(ed25519, true);
        BigInteger denominator = BigInteger.ONE.subtract(y).mod(P);
        if (denominator.signum() == 0) {
            throw new InvalidKeyLengthException("the Ed25519 public key is the point y = 1, which has no Curve25519 form");
        }
        BigInteger u = BigInteger.ONE.add(y).multiply(denominator.modInverse(P)).mod(P);
        return toLittleEndian(u);
    }

    /** The Ed25519 form of a Curve25519 public key, with the given sign (the low bit of x). */
    public static byte[] curve25519ToEd25519(byte[] curve25519, boolean signBit) throws InvalidKeyLengthException {
        requireLength(curve25519, "a Curve25519 public key");
        BigInteger u = fromLittleEndian(curve25519, true).mod(P);
        BigInteger denominator = u.add(BigInteger.ONE).mod(P);
        if (denominator.signum() == 0) {
            throw new InvalidKeyLengthException("the Curve25519 public key u = -1 has no Ed25519 form");
        }
        BigInteger y = u.subtract(BigInteger.ONE).multiply(denominator.modInverse(P)).mod(P);
        byte[] ed = toLittleEndian(y);
        if (signBit) {
            ed[31] |= (byte) 0x80;
        }
        return ed;
    }

    /** The sign bit of an Ed25519 public key (the top bit of its last byte). */
    public static boolean signBit(byte[] ed25519) {
        return (ed25519[31] & 0x80) != 0;
    }

    private static void requireLength(byte[] key, String what) throws InvalidKeyLengthException {
        if (key == null || key.length != 32) {
            throw new InvalidKeyLengthException(what + " is 32 bytes, got " + (key == null ? "none" : key.length));
        }
    }

    private static BigInteger fromLittleEndian(byte[] bytes, boolean clearTopBit) {
        byte[] bigEndian = new byte[33];
        for (int i = 0; i < 32; i++) {
            bigEndian[32 - i] = bytes[i];
        }
        if (clearTopBit) {
            bigEndian[1] &= 0x7f;
        }
        return new BigInteger(bigEndian);
    }

    private static byte[] toLittleEndian(BigInteger value) {
        byte[] bigEndian = value.toByteArray();
        byte[] little = new byte[32];
        for (int i = 0; i < 32 && i < bigEndian.length; i++) {
            little[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return little;
    }
}
