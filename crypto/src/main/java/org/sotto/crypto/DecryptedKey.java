package org.sotto.crypto;

/**
 * The key material from a sender device's key element, the sender's identity (to look its trust up) and whether
 * this element started a new session (a PreKey message).
 */
public record DecryptedKey(byte[] keyMaterial, Fingerprint senderIdentity, boolean newSession) {
    public DecryptedKey {
        keyMaterial = keyMaterial.clone();
    }

    @Override
    public byte[] keyMaterial() {
        return keyMaterial.clone();
    }

    @Override
    public String toString() {
        return "DecryptedKey[" + senderIdentity + (newSession ? ", new session" : "") + "]";
    }
}
