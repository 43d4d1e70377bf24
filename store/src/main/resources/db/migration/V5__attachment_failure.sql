-- Why a file transfer failed (core's FileTransferException reason: NOT_FOUND, TAG_MISMATCH, NETWORK, …), so a
-- failed attachment shows its reason after a restart and can be retried. NULL when it did not fail.
ALTER TABLE attachment ADD COLUMN failure TEXT;
