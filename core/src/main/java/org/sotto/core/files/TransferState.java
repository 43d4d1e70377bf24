package org.sotto.core.files;

/** Where a shared file stands: announced but not here, moving, here (encrypted), or failed (retry with download). */
public enum TransferState {
    PENDING, TRANSFERRING, DONE, FAILED
}
