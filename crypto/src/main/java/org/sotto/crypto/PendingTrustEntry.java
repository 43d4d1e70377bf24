package org.sotto.crypto;

import java.util.Arrays;

/**
 * One entry of a received XEP-0450 trust message that waits: for its sender's device to be verified with the key it
 * had ({@code senderKey}), or for a device of {@code owner} to show {@code key} (an Ed25519 identity key). Kept in the
 * store so that a restart loses none.
 */
public record PendingTrustEntry(DeviceAddress sender, Fingerprint senderKey, String owner, byte[] key, boolean trust) {
    public PendingTrustEntry {
        if (sender == null || senderKey == null || owner == null || key == null) {
            throw new IllegalArgumentException("a pending trust entry needs a sender, its key, an owner and a key");
        }
        key = key.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    /** The same sender speaking about the same key of the same owner (a newer entry replaces such an older one). */
    public boolean sameSubject(PendingTrustEntry other) {
        return sender.equals(other.sender) && owner.equals(other.owner) && Arrays.equals(key, other.key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PendingTrustEntry p && sameSubject(p) && senderKey.equals(p.senderKey) && trust == p.trust;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * sender.hashCode() + owner.hashCode()) + Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "PendingTrustEntry[" + sender + " about " + owner + ", trust " + trust + "]";
    }
}
