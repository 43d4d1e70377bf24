package org.sotto.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The fingerprint of a device's identity key: 32 bytes (the Curve25519/Ed25519 public key without a type
 * prefix), shown as 8 groups of 8 hex digits.
 */
public record Fingerprint(byte[] key) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public Fingerprint {
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException("a fingerprint is 32 bytes, got "
                    + (key == null ? "none" : key.length + " bytes"));
        }
        key = key.clone();
    }

    /** The fingerprint of a Curve25519 (OMEMO 0.3) identity key: the key itself. */
    public static Fingerprint ofCurve25519(byte[] curve25519PublicKey) {
        return new Fingerprint(curve25519PublicKey);
    }

    /** The fingerprint of an Ed25519 (OMEMO 2) identity key: its Curve25519 form, as XEP-0384 recommends. */
    public static Fingerprint ofEd25519(byte[] ed25519PublicKey) throws InvalidKeyLengthException {
        return new Fingerprint(IdentityKeys.ed25519ToCurve25519(ed25519PublicKey));
    }

    /** Parses 64 hex digits; spaces, colons and case are ignored. */
    public static Fingerprint parse(String text) {
        String hex = text.replaceAll("[\\s:]", "").toLowerCase(Locale.ROOT);
        if (!HEX64.matcher(hex).matches()) {
            throw new IllegalArgumentException("a fingerprint is 64 hex digits, got \"" + text + "\"");
        }
        return new Fingerprint(HexFormat.of().parseHex(hex));
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    /** 64 lower-case hex digits, as used in {@code xmpp:} URIs. */
    public String hex() {
        return HexFormat.of().formatHex(key);
    }

    /** 8 groups of 8 hex digits separated by spaces, for people to compare. */
    public String display() {
        String hex = hex();
        StringBuilder text = new StringBuilder(71);
        for (int i = 0; i < 64; i += 8) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(hex, i, i + 8);
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Fingerprint that && MessageDigest.isEqual(key, that.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return display();
    }
}
