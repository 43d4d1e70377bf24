package org.sotto.store;

/** What a bookkeeping message row does to the message it refers to. */
public enum ReferenceKind {
    CORRECTION, REACTION, RETRACTION
}
