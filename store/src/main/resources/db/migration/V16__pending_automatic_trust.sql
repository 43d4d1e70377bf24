-- Entries of received XEP-0450 trust messages that wait for their sender's device to be verified (with the key it
-- had) or for a device to show the key they name; the XEP asks that they survive a restart. The core keeps at most
-- 1000 per account, dropping the oldest (smallest id) first.
CREATE TABLE omemo_pending_trust (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    sender_jid      TEXT NOT NULL,
    sender_device   INTEGER NOT NULL,
    sender_key      BLOB NOT NULL,                  -- the sender's identity key (fingerprint) when it sent the entry
    owner_jid       TEXT NOT NULL,
    key             BLOB NOT NULL,                  -- the Ed25519 identity key the entry is about
    trust           INTEGER NOT NULL CHECK (trust IN (0, 1)),
    UNIQUE (account_id, sender_jid, sender_device, owner_jid, key)
);
