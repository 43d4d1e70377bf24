package org.sotto.store.omemo;

/** The user's decision about one (JID, device, identity key). */
public enum TrustState {
    UNDECIDED, TRUSTED_BLIND, VERIFIED, DISTRUSTED
}
