package org.sotto.store.omemo;

import java.time.Instant;

/** The trust decision for one (JID, device id, identity key). */
public record TrustRecord(String jid, int deviceId, byte[] identityKey, TrustState state, Instant firstSeen,
                          Instant updatedAt) {
}
