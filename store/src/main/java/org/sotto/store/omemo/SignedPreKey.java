package org.sotto.store.omemo;

import java.time.Instant;

/** A signed prekey: id, X25519 key pair, the identity key's signature, and when it was created (for rotation). */
public record SignedPreKey(int id, byte[] privateKey, byte[] publicKey, byte[] signature, Instant createdAt) {
    @Override
    public String toString() {
        return "SignedPreKey[id=" + id + ", created=" + createdAt + "]";
    }
}
