package org.sotto.store.omemo;

import java.time.Instant;

import org.sotto.crypto.TrustLevel;

/** The trust decision for one (JID, device id, identity key). */
public record TrustRecord(String jid, int deviceId, byte[] identityKey, TrustLevel state, Instant firstSeen,
                          Instant updatedAt) {
}
