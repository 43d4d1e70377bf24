package org.sotto.crypto;

/**
 * The encrypted payload of a message: the IV (OMEMO 0.3 sends 12 bytes in the header; empty for OMEMO 2, which
 * derives it) and the ciphertext (empty for a key transport message, which has no payload).
 */
public record EncryptedPayload(byte[] iv, byte[] ciphertext) {
    public EncryptedPayload {
        iv = iv == null ? new byte[0] : iv.clone();
        ciphertext = ciphertext == null ? new byte[0] : ciphertext.clone();
    }

    @Override
    public byte[] iv() {
        return iv.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    public boolean isEmpty() {
        return ciphertext.length == 0;
    }
}
