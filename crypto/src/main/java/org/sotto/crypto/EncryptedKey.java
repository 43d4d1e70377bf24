package org.sotto.crypto;

/**
 * One per-device key element: the recipient device id, the bytes of the element, and whether it is a PreKey
 * message (the {@code prekey} attribute in OMEMO 0.3, {@code kex} in OMEMO 2).
 */
public record EncryptedKey(int recipientDeviceId, byte[] data, boolean preKey) {
    public EncryptedKey {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public String toString() {
        return "EncryptedKey[rid=" + recipientDeviceId + ", " + data.length + " bytes" + (preKey ? ", prekey" : "") + "]";
    }
}
