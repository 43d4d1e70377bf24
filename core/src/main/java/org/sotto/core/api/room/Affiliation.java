package org.sotto.core.api.room;

/** XEP-0045 affiliation: the long-lived relation of a person to the room. */
public enum Affiliation {
    OWNER, ADMIN, MEMBER, NONE, OUTCAST
}
