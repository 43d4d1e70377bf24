-- Blind trust as the user chooses it: per contact (omemo_blind_trust; no row = no choice) and, for contacts without
-- a choice, per account (account.blind_trust_default, on unless the user turns it off). Verifying a device writes
-- "off" for its owner.
CREATE TABLE omemo_blind_trust (
    account_id      INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    jid             TEXT NOT NULL,
    blind           INTEGER NOT NULL CHECK (blind IN (0, 1)),
    PRIMARY KEY (account_id, jid)
) WITHOUT ROWID;

ALTER TABLE account ADD COLUMN blind_trust_default INTEGER NOT NULL DEFAULT 1 CHECK (blind_trust_default IN (0, 1));
