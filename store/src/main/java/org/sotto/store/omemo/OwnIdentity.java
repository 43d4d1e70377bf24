package org.sotto.store.omemo;

import java.time.Instant;

/** This device's OMEMO identity for one account: device id and identity key pair (bytes as crypto encodes them). */
public record OwnIdentity(long accountId, int deviceId, byte[] privateKey, byte[] publicKey, Instant createdAt) {
    @Override
    public String toString() {
        return "OwnIdentity[account=" + accountId + ", device=" + deviceId + "]"; // never the key
    }
}
