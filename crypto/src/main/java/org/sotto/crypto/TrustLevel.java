package org.sotto.crypto;

/** The user's decision about one device's identity key. */
public enum TrustLevel {
    /** Not decided yet; blocks sending to the contact until the user decides. */
    UNDECIDED,
    /** Trusted without verification (blind trust before verification). */
    TRUSTED_BLIND,
    /** The user compared the fingerprint (or scanned it). */
    VERIFIED,
    /** Never encrypt for this device; its messages are marked. */
    DISTRUSTED;

    public boolean mayReceive() {
        return this == TRUSTED_BLIND || this == VERIFIED;
    }
}
