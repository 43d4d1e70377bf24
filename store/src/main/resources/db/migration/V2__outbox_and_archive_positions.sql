-- Version 2: what core's persistence ports need beyond version 1 (see docs/store.md, "Used by core").

-- core's local identity of a message (a UUID it assigns), so updates find the row without wire ids
ALTER TABLE message ADD COLUMN message_key TEXT;
-- the part of sent_at below the millisecond, in nanoseconds: core spaces archive results a microsecond apart to
-- keep the archive's order, so the timeline needs more than millisecond precision
ALTER TABLE message ADD COLUMN sent_at_ns INTEGER NOT NULL DEFAULT 0 CHECK (sent_at_ns BETWEEN 0 AND 999999);
CREATE UNIQUE INDEX message_key ON message (message_key) WHERE message_key IS NOT NULL;
DROP INDEX message_timeline;
CREATE INDEX message_timeline ON message (conversation_id, sent_at, sent_at_ns, id) WHERE ref_kind IS NULL;
-- de-duplication by archive id spans the account's conversations; references look up origin ids without sender
CREATE INDEX message_archive_lookup ON message (archive_id) WHERE archive_id IS NOT NULL;
CREATE INDEX message_origin_lookup ON message (conversation_id, origin_id) WHERE origin_id IS NOT NULL;

-- stanzas queued while offline or not yet acknowledged, exactly as they will be sent; they may hold plaintext,
-- which is why they live only here, inside the encrypted file
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,            -- the queue order
    account_id      INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    peer_jid        TEXT NOT NULL,
    message_key     TEXT NOT NULL,                  -- the message it belongs to (message.message_key) or a fresh key
    stanza_id       TEXT NOT NULL,
    stanza_xml      TEXT NOT NULL,
    queued_at       INTEGER NOT NULL,
    UNIQUE (account_id, stanza_id)
);

-- where MAM catch-up continues: the newest archive id stored from each archive (own archive, or a room)
CREATE TABLE archive_position (
    account_id      INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    archive_jid     TEXT NOT NULL,
    last_archive_id TEXT NOT NULL,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (account_id, archive_jid)
) WITHOUT ROWID;
