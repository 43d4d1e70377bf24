package org.sotto.crypto.spi;

import java.util.Optional;

/** This account's own device: created once, then only read. */
public interface OwnIdentityStore {
    Optional<OwnIdentity> loadOwnIdentity();

    void storeOwnIdentity(OwnIdentity identity);
}
