-- Version 3: the inbound journal (see docs/store.md). A received message stanza is written here before Smack may
-- acknowledge it to XEP-0198 stream management; core deletes the row in the same transaction that stores the
-- message, and replays rows left over after a crash through its inbound pipeline. The XML may hold plaintext:
-- one more reason it lives only inside the encrypted file.
CREATE TABLE inbound_journal (
    id              INTEGER PRIMARY KEY,            -- the order of arrival
    account_id      INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    stanza_xml      TEXT NOT NULL,
    received_at     INTEGER NOT NULL
);
CREATE INDEX inbound_journal_account ON inbound_journal (account_id, id);
