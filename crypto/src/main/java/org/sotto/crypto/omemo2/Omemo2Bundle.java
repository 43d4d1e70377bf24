package org.sotto.crypto.omemo2;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The public part of a device that others build sessions from (XEP-0384 bundle): the Ed25519 identity key
 * ({@code ik}), the signed prekey ({@code spk}, its id and signature {@code spks}) and the one-time prekeys
 * ({@code pk}) by id. Core turns it into and out of XML; lengths and the signature are checked when a session is
 * built from it.
 */
public record Omemo2Bundle(byte[] identityKey, int signedPreKeyId, byte[] signedPreKey, byte[] signedPreKeySignature,
        Map<Integer, byte[]> preKeys) {

    public Omemo2Bundle {
        identityKey = identityKey.clone();
        signedPreKey = signedPreKey.clone();
        signedPreKeySignature = signedPreKeySignature.clone();
        TreeMap<Integer, byte[]> copy = new TreeMap<>();
        preKeys.forEach((id, key) -> copy.put(id, key.clone()));
        preKeys = Collections.unmodifiableMap(copy);
    }

    @Override
    public byte[] identityKey() {
        return identityKey.clone();
    }

    @Override
    public byte[] signedPreKey() {
        return signedPreKey.clone();
    }

    @Override
    public byte[] signedPreKeySignature() {
        return signedPreKeySignature.clone();
    }

    /** Prekeys by id; the arrays are copies made at construction, callers must not change them. */
    @Override
    public Map<Integer, byte[]> preKeys() {
        return preKeys;
    }
}
