package org.sotto.core.api.trust;

/**
 * What the user decided about a device's key. Until a contact has a verified device, new devices of theirs are
 * trusted blindly; once one is verified, a new one is UNDECIDED and a message waits until the user decides.
 */
public enum TrustDecision {
    UNDECIDED,
    TRUSTED_BLIND,
    VERIFIED,
    DISTRUSTED
}
