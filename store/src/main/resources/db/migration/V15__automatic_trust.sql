-- XEP-0450 automatic trust management, per account: off unless the user turns it on.
ALTER TABLE account ADD COLUMN automatic_trust INTEGER NOT NULL DEFAULT 0 CHECK (automatic_trust IN (0, 1));
