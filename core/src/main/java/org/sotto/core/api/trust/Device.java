package org.sotto.core.api.trust;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One OMEMO device of a contact or of the own account.
 *
 * @param jid         its owner's bare JID
 * @param deviceId    the OMEMO device id
 * @param fingerprint its identity key as 8 groups of 8 hex digits, once its key is known
 * @param versions    the OMEMO versions it is listed for: "0.3", "2"
 * @param trust       the user's decision; empty for this device itself and for a device whose key is not known yet
 * @param active      whether it is on its owner's device list now (false: it left, and gets no messages)
 * @param thisDevice  whether it is this Sotto
 */
public record Device(String jid, int deviceId, Optional<String> fingerprint, Set<String> versions,
                     Optional<TrustDecision> trust, boolean active, boolean thisDevice) {
    public Device {
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(fingerprint, "fingerprint");
        versions = Set.copyOf(versions);
        Objects.requireNonNull(trust, "trust");
    }
}
