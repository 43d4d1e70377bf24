package org.sotto.store.omemo;

import java.time.Instant;

/** This device's OMEMO identity for one account: device id and the 32-byte seed of its identity key pair. */
public record OwnIdentity(long accountId, int deviceId, byte[] identitySeed, Instant createdAt) {
    @Override
    public String toString() {
        return "OwnIdentity[account=" + accountId + ", device=" + deviceId + "]"; // never the seed
    }
}
