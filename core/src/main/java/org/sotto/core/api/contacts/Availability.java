package org.sotto.core.api.contacts;

/** A contact's or the user's presence, without Smack types. */
public enum Availability {
    OFFLINE, AVAILABLE, CHATTY, AWAY, EXTENDED_AWAY, DO_NOT_DISTURB
}
