package org.sotto.crypto.spi;

import java.time.Instant;

/**
 * A signed prekey: id, X25519 key pair (32 raw bytes each), the identity key's signature over the public key as
 * the version signs it, and when it was made (for rotation).
 */
public record SignedPreKeyPair(int id, byte[] privateKey, byte[] publicKey, byte[] signature, Instant createdAt) {
    public SignedPreKeyPair {
        KeyChecks.id(id);
        privateKey = KeyChecks.key32(privateKey, "private key");
        publicKey = KeyChecks.key32(publicKey, "public key");
        if (signature == null || signature.length != 64) {
            throw new IllegalArgumentException("a signed prekey signature is 64 bytes");
        }
        signature = signature.clone();
        if (createdAt == null) {
            throw new IllegalArgumentException("a signed prekey needs its creation time");
        }
    }

    @Override
    public byte[] privateKey() {
        return privateKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public String toString() {
        return "SignedPreKeyPair[id=" + id + ", createdAt=" + createdAt + "]";
    }
}
