package org.sotto.store;

/** Transfer state of an attachment. */
public enum AttachmentState {
    PENDING, TRANSFERRING, DONE, FAILED
}
