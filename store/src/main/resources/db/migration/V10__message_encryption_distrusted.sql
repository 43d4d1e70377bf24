-- A received message whose device the user distrusted gets its own encryption state, E2EE_DISTRUSTED (before, it
-- was stored as E2EE_UNTRUSTED_DEVICES like one from an undecided device). SQLite cannot change a CHECK constraint
-- in place, so the message table is rebuilt with the same rows, ids, indexes and triggers. Dropping it with
-- foreign keys on deletes the reactions and attachments by cascade: they are kept aside and put back. The full-text
-- index is keyed by message id, which is kept, so it stays valid; the triggers go with the old table before its
-- rows do, so the index is not touched.
CREATE TEMP TABLE v10_reaction AS SELECT * FROM reaction;
CREATE TEMP TABLE v10_attachment AS SELECT * FROM attachment;

CREATE TABLE message_v10 (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    direction       TEXT NOT NULL CHECK (direction IN ('INCOMING', 'OUTGOING')),
    sender_jid      TEXT NOT NULL,                  -- bare JID in 1:1, occupant JID in groups
    sender_device   INTEGER,                        -- OMEMO device id that encrypted it, if any
    stanza_id       TEXT,                           -- the <message id=''> attribute (XEP-0308/0184/0333 refer to it)
    origin_id       TEXT,                           -- XEP-0359 origin-id chosen by the sender
    archive_id      TEXT,                           -- XEP-0359 stanza-id assigned by the archive = MAM id
    archive_by      TEXT,                           -- who assigned archive_id (account or room JID)
    sent_at         INTEGER NOT NULL,               -- sender's time (delay stamp) or arrival; orders the timeline
    received_at     INTEGER NOT NULL,
    encryption      TEXT NOT NULL CHECK (encryption IN
                        ('E2EE_VERIFIED', 'E2EE_TRUSTED', 'E2EE_UNTRUSTED_DEVICES', 'E2EE_DISTRUSTED', 'PLAINTEXT',
                         'UNDECRYPTABLE')),
    encryption_reason TEXT,                         -- why UNDECRYPTABLE / why plaintext in an encrypted chat
    body            TEXT,
    ref_kind        TEXT CHECK (ref_kind IN ('CORRECTION', 'REACTION', 'RETRACTION')),
    ref_id          TEXT,                           -- id of the message a correction/reaction/retraction refers to
    reply_to_id     TEXT,                           -- XEP-0461 reply reference
    reply_to_jid    TEXT,
    delivery        TEXT NOT NULL CHECK (delivery IN
                        ('PENDING', 'SENT', 'SERVER_ACKNOWLEDGED', 'DELIVERED', 'DISPLAYED', 'FAILED', 'RECEIVED')),
    is_read         INTEGER NOT NULL DEFAULT 0 CHECK (is_read IN (0, 1)),
    edited_at       INTEGER,                        -- last correction applied to body
    retracted_at    INTEGER,                        -- body removed by a retraction
    message_key     TEXT,                           -- core's local identity of the message
    sent_at_ns      INTEGER NOT NULL DEFAULT 0 CHECK (sent_at_ns BETWEEN 0 AND 999999),
    body_truncated  INTEGER NOT NULL DEFAULT 0,
    CHECK ((ref_kind IS NULL) = (ref_id IS NULL))
);

INSERT INTO message_v10 (id, conversation_id, direction, sender_jid, sender_device, stanza_id, origin_id, archive_id,
                         archive_by, sent_at, received_at, encryption, encryption_reason, body, ref_kind, ref_id,
                         reply_to_id, reply_to_jid, delivery, is_read, edited_at, retracted_at, message_key,
                         sent_at_ns, body_truncated)
SELECT id, conversation_id, direction, sender_jid, sender_device, stanza_id, origin_id, archive_id,
       archive_by, sent_at, received_at, encryption, encryption_reason, body, ref_kind, ref_id,
       reply_to_id, reply_to_jid, delivery, is_read, edited_at, retracted_at, message_key,
       sent_at_ns, body_truncated
  FROM message;

DROP TABLE message;
ALTER TABLE message_v10 RENAME TO message;

CREATE UNIQUE INDEX message_origin_id ON message (conversation_id, origin_id, sender_jid) WHERE origin_id IS NOT NULL;
CREATE UNIQUE INDEX message_archive_id ON message (archive_id, archive_by, conversation_id) WHERE archive_id IS NOT NULL;
CREATE INDEX message_timeline ON message (conversation_id, sent_at, sent_at_ns, id) WHERE ref_kind IS NULL;
CREATE INDEX message_stanza_id ON message (conversation_id, stanza_id) WHERE stanza_id IS NOT NULL;
CREATE INDEX message_unread ON message (conversation_id) WHERE is_read = 0 AND direction = 'INCOMING';
CREATE UNIQUE INDEX message_key ON message (message_key) WHERE message_key IS NOT NULL;

CREATE TRIGGER message_fts_insert AFTER INSERT ON message BEGIN
    INSERT INTO message_fts (rowid, body) VALUES (new.id, new.body);
END;

CREATE TRIGGER message_fts_delete AFTER DELETE ON message BEGIN
    INSERT INTO message_fts (message_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;

CREATE TRIGGER message_fts_update AFTER UPDATE OF body ON message BEGIN
    INSERT INTO message_fts (message_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO message_fts (rowid, body) VALUES (new.id, new.body);
END;

INSERT INTO reaction SELECT * FROM v10_reaction;
INSERT INTO attachment SELECT * FROM v10_attachment;
DROP TABLE v10_reaction;
DROP TABLE v10_attachment;
