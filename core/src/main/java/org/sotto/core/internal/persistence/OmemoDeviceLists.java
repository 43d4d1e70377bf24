package org.sotto.core.internal.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.sotto.crypto.OmemoVersion;

/**
 * The OMEMO device lists seen for contacts and the own account, per version: which devices are on the last list
 * seen (active) and which were on an earlier one (inactive: no longer encrypted to, but their trust and sessions
 * stay). A cache: the published lists are the truth.
 */
public interface OmemoDeviceLists {
    /** One device of {@code jid} as last seen. */
    record CachedDevice(String jid, OmemoVersion version, int deviceId, boolean active, Instant lastSeen) {
    }

    /** Records a freshly seen list: its devices become active, the others of that JID and version inactive. */
    void update(String account, String jid, OmemoVersion version, Set<Integer> deviceIds, Instant seenAt);

    /** Every device of {@code jid} ever seen in this version, active or not. */
    List<CachedDevice> devices(String account, String jid, OmemoVersion version);
}
