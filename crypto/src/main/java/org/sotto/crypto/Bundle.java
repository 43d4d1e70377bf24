package org.sotto.crypto;

import java.util.Arrays;
import java.util.List;

/**
 * A device's published bundle in one version, as the byte strings that appear (base64) in that version's bundle
 * element: for OMEMO 0.3 the public keys carry libsignal's 0x05 type byte (33 bytes) and the identity key is the
 * Curve25519 form; for OMEMO 2 they are 32 raw bytes and the identity key is the Ed25519 form.
 */
public record Bundle(OmemoVersion version, int signedPreKeyId, byte[] signedPreKey, byte[] signedPreKeySignature,
                     byte[] identityKey, List<PreKey> preKeys) {

    /** One published one-time prekey. */
    public record PreKey(int id, byte[] publicKey) {
        public PreKey {
            publicKey = publicKey.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof PreKey that && id == that.id && Arrays.equals(publicKey, that.publicKey);
        }

        @Override
        public int hashCode() {
            return 31 * id + Arrays.hashCode(publicKey);
        }

        @Override
        public String toString() {
            return "PreKey[" + id + "]";
        }
    }

    public Bundle {
        if (version == null || signedPreKey == null || signedPreKeySignature == null || identityKey == null
                || preKeys == null) {
            throw new IllegalArgumentException("a bundle needs a version, a signed prekey, its signature, an identity key"
                    + " and a list of prekeys");
        }
        signedPreKey = signedPreKey.clone();
        signedPreKeySignature = signedPreKeySignature.clone();
        identityKey = identityKey.clone();
        preKeys = List.copyOf(preKeys);
    }

    @Override
    public byte[] signedPreKey() {
        return signedPreKey.clone();
    }

    @Override
    public byte[] signedPreKeySignature() {
        return signedPreKeySignature.clone();
    }

    @Override
    public byte[] identityKey() {
        return identityKey.clone();
    }

    /** The fingerprint of the bundle's identity key (its Curve25519 form, whichever version). */
    public Fingerprint identityFingerprint() throws InvalidKeyLengthException {
        return switch (version) {
            case V0_3 -> {
                if (identityKey.length != 33 || identityKey[0] != 0x05) {
                    throw new InvalidKeyLengthException("an OMEMO 0.3 identity key is 0x05 and 32 bytes, got "
                            + identityKey.length + " bytes");
                }
                yield new Fingerprint(Arrays.copyOfRange(identityKey, 1, 33));
            }
            case V2 -> Fingerprint.ofEd25519(identityKey);
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bundle that && version == that.version && signedPreKeyId == that.signedPreKeyId
                && Arrays.equals(signedPreKey, that.signedPreKey)
                && Arrays.equals(signedPreKeySignature, that.signedPreKeySignature)
                && Arrays.equals(identityKey, that.identityKey) && preKeys.equals(that.preKeys);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(identityKey) * 31 + signedPreKeyId;
    }

    @Override
    public String toString() {
        return "Bundle[" + version + ", signedPreKeyId=" + signedPreKeyId + ", " + preKeys.size() + " prekeys]";
    }
}
