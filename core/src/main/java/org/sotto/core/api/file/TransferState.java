package org.sotto.core.api.file;

/**
 * Where a shared file stands: announced but not here (or its local copy deleted), moving, here (still encrypted in
 * the profile), or failed (download again to retry).
 */
public enum TransferState {
    PENDING, TRANSFERRING, DONE, FAILED
}
