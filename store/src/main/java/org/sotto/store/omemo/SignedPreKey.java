package org.sotto.store.omemo;

import java.time.Instant;

/** A signed prekey record (serialised by crypto) and when it was created, for rotation. */
public record SignedPreKey(int id, byte[] record, Instant createdAt) {
    @Override
    public String toString() {
        return "SignedPreKey[id=" + id + ", created=" + createdAt + "]";
    }
}
