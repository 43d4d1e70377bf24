package org.sotto.core.internal.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.sotto.crypto.OmemoVersion;

/**
 * The OMEMO device lists seen for contacts and the own account, per version: which devices are on the last list
 * seen (active) and which were on an earlier one (inactive: no longer encrypted to, but their trust and sessions
 * stay). A cache: the published lists are the truth.
 */
public interface OmemoDeviceLists {
    /** One device on a list as published, with its label and the label's signature (base64), not yet checked. */
    record Listed(int deviceId, Optional<String> label, Optional<String> labelSignature) {
        public static Listed of(int deviceId) {
            return new Listed(deviceId, Optional.empty(), Optional.empty());
        }
    }

    /** One device of {@code jid} as last seen, with the label (unchecked) it was last listed with. */
    record CachedDevice(String jid, OmemoVersion version, int deviceId, boolean active, Instant lastSeen,
                        Optional<String> label, Optional<String> labelSignature) {
        public CachedDevice(String jid, OmemoVersion version, int deviceId, boolean active, Instant lastSeen) {
            this(jid, version, deviceId, active, lastSeen, Optional.empty(), Optional.empty());
        }
    }

    /** Records a freshly seen list: its devices become active, the others of that JID and version inactive. */
    void update(String account, String jid, OmemoVersion version, List<Listed> devices, Instant seenAt);

    /** A list without labels. */
    default void update(String account, String jid, OmemoVersion version, Set<Integer> deviceIds, Instant seenAt) {
        update(account, jid, version, deviceIds.stream().sorted().map(Listed::of).toList(), seenAt);
    }

    /** Every device of {@code jid} ever seen in this version, active or not. */
    List<CachedDevice> devices(String account, String jid, OmemoVersion version);
}
