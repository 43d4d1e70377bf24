package org.sotto.crypto;

import java.util.Arrays;

/** The two OMEMO versions Sotto speaks, by their XML namespace. */
public enum OmemoVersion {
    /** Legacy OMEMO (XEP-0384 0.3.0), as Conversations, Gajim, Dino and most clients still speak it. */
    V0_3("eu.siacs.conversations.axolotl", 20),
    /** OMEMO 2 (XEP-0384 0.8+). */
    V2("urn:xmpp:omemo:2", 25);

    private final String namespace;
    private final int minimumPreKeys;

    OmemoVersion(String namespace, int minimumPreKeys) {
        this.namespace = namespace;
        this.minimumPreKeys = minimumPreKeys;
    }

    public String namespace() {
        return namespace;
    }

    /** The fewest one-time prekeys the spec allows in a published bundle; below it the bundle is refilled. */
    public int minimumPreKeys() {
        return minimumPreKeys;
    }

    /** @throws IllegalArgumentException for a namespace that is not an OMEMO version we speak */
    public static OmemoVersion ofNamespace(String namespace) {
        return Arrays.stream(values()).filter(v -> v.namespace.equals(namespace)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an OMEMO namespace Sotto speaks: " + namespace));
    }
}
