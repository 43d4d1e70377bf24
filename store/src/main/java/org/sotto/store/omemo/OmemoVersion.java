package org.sotto.store.omemo;

/** Which OMEMO a session or device list belongs to: legacy 0.3 (eu.siacs.conversations.axolotl) or OMEMO 2 (urn:xmpp:omemo:2). */
public enum OmemoVersion {
    OMEMO_0_3, OMEMO_2
}
