package org.sotto.store;

/** Where an avatar's bytes came from: the owner's XEP-0084 PEP nodes, or their vCard (XEP-0054/0153). */
public enum AvatarSource {
    PEP, VCARD
}
