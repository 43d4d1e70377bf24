package org.sotto.crypto.spi;

import java.util.List;
import java.util.Optional;

import org.sotto.crypto.OmemoVersion;

/** One-time prekeys, per OMEMO version (each version publishes its own bundle). */
public interface PreKeyStore {
    Optional<PreKeyPair> loadPreKey(OmemoVersion version, int id);

    List<PreKeyPair> loadPreKeys(OmemoVersion version);

    void storePreKey(OmemoVersion version, PreKeyPair preKey);

    void removePreKey(OmemoVersion version, int id);
}
