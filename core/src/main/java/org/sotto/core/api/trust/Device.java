package org.sotto.core.api.trust;

import java.time.Instant;
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
 * @param label       the name its owner gave it (OMEMO 2 lists), only when signed by its identity key as known here
 * @param lastSeen    when it was last on one of its owner's device lists; empty for this device
 * @param lastMessage when it last sent a message this profile stored (a contact's: in the chat with them; an own
 *                    device's: in any chat); empty when none is known
 */
public record Device(String jid, int deviceId, Optional<String> fingerprint, Set<String> versions,
                     Optional<TrustDecision> trust, boolean active, boolean thisDevice, Optional<String> label,
                     Optional<Instant> lastSeen, Optional<Instant> lastMessage) {
    public Device {
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(fingerprint, "fingerprint");
        versions = Set.copyOf(versions);
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(lastMessage, "lastMessage");
    }

    /** A device known by its address only. */
    public static Device unknown(String jid, int deviceId) {
        return new Device(jid, deviceId, Optional.empty(), Set.of(), Optional.empty(), true, false, Optional.empty(),
                Optional.empty(), Optional.empty());
    }
}
