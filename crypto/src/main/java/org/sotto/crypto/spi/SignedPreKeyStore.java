package org.sotto.crypto.spi;

import java.util.List;
import java.util.Optional;

import org.sotto.crypto.OmemoVersion;

/** Signed prekeys, per OMEMO version: the current one and those kept for a grace period after rotation. */
public interface SignedPreKeyStore {
    Optional<SignedPreKeyPair> loadSignedPreKey(OmemoVersion version, int id);

    List<SignedPreKeyPair> loadSignedPreKeys(OmemoVersion version);

    void storeSignedPreKey(OmemoVersion version, SignedPreKeyPair signedPreKey);

    void removeSignedPreKey(OmemoVersion version, int id);
}
