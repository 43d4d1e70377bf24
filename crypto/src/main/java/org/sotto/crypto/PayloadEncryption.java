package org.sotto.crypto;

/**
 * A payload encrypted once, and the key material every recipient device gets (through
 * {@link OmemoProtocol#encryptKey}): for OMEMO 0.3 the 16-byte AES key and the 16-byte GCM tag.
 */
public record PayloadEncryption(EncryptedPayload payload, byte[] keyMaterial) {
    public PayloadEncryption {
        keyMaterial = keyMaterial.clone();
    }

    @Override
    public byte[] keyMaterial() {
        return keyMaterial.clone();
    }

    @Override
    public String toString() {
        return "PayloadEncryption[" + payload.ciphertext().length + " bytes]"; // never the key
    }
}
