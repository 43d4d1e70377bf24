package org.sotto.store.omemo;

/** A one-time prekey: id and X25519 key pair (raw bytes). */
public record PreKey(int id, byte[] privateKey, byte[] publicKey) {
    @Override
    public String toString() {
        return "PreKey[id=" + id + "]";
    }
}
