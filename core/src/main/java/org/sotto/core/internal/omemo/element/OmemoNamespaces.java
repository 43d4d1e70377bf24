package org.sotto.core.internal.omemo.element;

/** The XML namespaces and PEP nodes of the two OMEMO versions Sotto speaks. */
public final class OmemoNamespaces {
    /** Legacy OMEMO (XEP-0384 0.3), as Conversations, Gajim, Dino and Profanity speak it. */
    public static final String LEGACY = "eu.siacs.conversations.axolotl";
    public static final String LEGACY_DEVICE_LIST_NODE = LEGACY + ".devicelist";
    /** OMEMO 2 (XEP-0384 0.8+). */
    public static final String V2 = "urn:xmpp:omemo:2";
    public static final String V2_DEVICES_NODE = V2 + ":devices";
    public static final String V2_BUNDLES_NODE = V2 + ":bundles";

    private OmemoNamespaces() {
    }

    /** Legacy OMEMO keeps one bundle node per device. */
    public static String legacyBundleNode(int deviceId) {
        return LEGACY + ".bundles:" + deviceId;
    }
}
