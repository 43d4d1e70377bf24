package org.sotto.crypto.omemo2;

/**
 * The key material encrypted for one device: the content of a {@code <key rid='…'>} element, an
 * OMEMOKeyExchange when {@code keyExchange} (then {@code kex='true'}) and an OMEMOAuthenticatedMessage otherwise.
 */
public record Omemo2EncryptedKey(int rid, byte[] data, boolean keyExchange) {
    public Omemo2EncryptedKey {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }
}
