package org.sotto.core.api.room;

/** XEP-0045 role of an occupant in the room now (what they may do while present). */
public enum Role {
    MODERATOR, PARTICIPANT, VISITOR, NONE
}
