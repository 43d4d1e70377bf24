package org.sotto.store.omemo;

import java.time.Instant;

import org.sotto.crypto.OmemoVersion;

/**
 * A device of a contact (or of the own account) as seen on its published device list.
 *
 * @param label          the label it was listed with (OMEMO 2), not yet checked; null when none
 * @param labelSignature the label's signature as published (base64); null when none
 * @param active   on the most recent device list we saw
 * @param lastSeen the last time it was on a device list
 */
public record Device(String jid, OmemoVersion version, int deviceId, String label, String labelSignature, boolean active,
                     Instant lastSeen) {
}
