package org.sotto.crypto.spi;

/** A one-time prekey: its id and its X25519 key pair (32 raw bytes each), the same shape in both versions. */
public record PreKeyPair(int id, byte[] privateKey, byte[] publicKey) {
    public PreKeyPair {
        KeyChecks.id(id);
        privateKey = KeyChecks.key32(privateKey, "private key");
        publicKey = KeyChecks.key32(publicKey, "public key");
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
    public String toString() {
        return "PreKeyPair[id=" + id + "]";
    }
}
