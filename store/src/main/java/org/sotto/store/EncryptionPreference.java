package org.sotto.store;

/** How a conversation sends: OMEMO (the default), or plaintext because the user explicitly chose it. */
public enum EncryptionPreference {
    OMEMO, PLAINTEXT
}
