-- Sotto's local database, version 1. Everything here lives inside the encrypted file.
-- Times are milliseconds since the epoch (UTC). Enumerations are stored as their Java names and checked.

CREATE TABLE account (
    id              INTEGER PRIMARY KEY,
    jid             TEXT NOT NULL UNIQUE,           -- bare JID
    password        TEXT,                           -- credentials live only inside the encrypted file
    resource        TEXT,
    enabled         INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    roster_version  TEXT,                           -- XEP-0237 roster versioning
    settings        TEXT NOT NULL DEFAULT '{}'      -- JSON object of per-account settings
);

-- roster cache
CREATE TABLE contact (
    account_id      INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    jid             TEXT NOT NULL,
    name            TEXT,
    subscription    TEXT NOT NULL CHECK (subscription IN ('NONE', 'TO', 'FROM', 'BOTH', 'REMOVE')),
    ask_subscribe   INTEGER NOT NULL DEFAULT 0 CHECK (ask_subscribe IN (0, 1)),
    avatar_hash     TEXT,                           -- XEP-0084/0153 SHA-1 of the avatar
    PRIMARY KEY (account_id, jid)
) WITHOUT ROWID;

CREATE TABLE contact_group (
    account_id      INTEGER NOT NULL,
    jid             TEXT NOT NULL,
    group_name      TEXT NOT NULL,
    PRIMARY KEY (account_id, jid, group_name),
    FOREIGN KEY (account_id, jid) REFERENCES contact (account_id, jid) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE conversation (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    peer_jid        TEXT NOT NULL,                  -- contact's bare JID or the room's JID
    kind            TEXT NOT NULL CHECK (kind IN ('CHAT', 'GROUP')),
    encryption      TEXT NOT NULL DEFAULT 'OMEMO' CHECK (encryption IN ('OMEMO', 'PLAINTEXT')),
    plaintext_chosen_at INTEGER,                    -- when the user explicitly chose plaintext
    nickname        TEXT,                           -- own nickname in a group
    created_at      INTEGER NOT NULL,
    UNIQUE (account_id, peer_jid)
);

CREATE TABLE message (
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
                        ('E2EE_VERIFIED', 'E2EE_TRUSTED', 'E2EE_UNTRUSTED_DEVICES', 'PLAINTEXT', 'UNDECRYPTABLE')),
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
    CHECK ((ref_kind IS NULL) = (ref_id IS NULL))
);

-- de-duplication keys core relies on (a second copy via MAM, carbons or a reconnect is ignored)
CREATE UNIQUE INDEX message_origin_id ON message (conversation_id, sender_jid, origin_id) WHERE origin_id IS NOT NULL;
CREATE UNIQUE INDEX message_archive_id ON message (conversation_id, archive_by, archive_id) WHERE archive_id IS NOT NULL;
-- the timeline: shown messages only; corrections/reactions/retractions are bookkeeping rows
CREATE INDEX message_timeline ON message (conversation_id, sent_at, id) WHERE ref_kind IS NULL;
CREATE INDEX message_stanza_id ON message (conversation_id, stanza_id) WHERE stanza_id IS NOT NULL;
CREATE INDEX message_unread ON message (conversation_id) WHERE is_read = 0 AND direction = 'INCOMING';

CREATE TABLE reaction (
    message_id      INTEGER NOT NULL REFERENCES message (id) ON DELETE CASCADE,
    sender_jid      TEXT NOT NULL,
    reactions       TEXT NOT NULL,                  -- XEP-0444: the sender's full current set, one emoji per line
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (message_id, sender_jid)
) WITHOUT ROWID;

CREATE TABLE attachment (
    id              INTEGER PRIMARY KEY,
    message_id      INTEGER NOT NULL REFERENCES message (id) ON DELETE CASCADE,
    url             TEXT NOT NULL,
    file_name       TEXT,
    media_type      TEXT,
    size            INTEGER,
    sha256          BLOB,
    file_key        BLOB,                           -- aesgcm:// key and IV (XEP-0454) of the encrypted upload
    local_path      TEXT,
    state           TEXT NOT NULL CHECK (state IN ('PENDING', 'TRANSFERRING', 'DONE', 'FAILED'))
);
CREATE INDEX attachment_message ON attachment (message_id);

CREATE TABLE draft (
    conversation_id INTEGER PRIMARY KEY REFERENCES conversation (id) ON DELETE CASCADE,
    body            TEXT NOT NULL,
    reply_to_id     TEXT,
    updated_at      INTEGER NOT NULL
);

-- full-text search over bodies, inside the encrypted file; the index follows the message table via triggers
CREATE VIRTUAL TABLE message_fts USING fts5 (
    body,
    content = 'message',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

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

-- OMEMO: one device (id + identity seed) per account, the same in OMEMO 0.3 and OMEMO 2
CREATE TABLE omemo_identity (
    account_id      INTEGER PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    device_id       INTEGER NOT NULL,
    identity_seed   BLOB NOT NULL,                  -- 32-byte seed of the identity key pair
    created_at      INTEGER NOT NULL
);

-- each OMEMO version publishes its own bundle, so prekeys are per version
CREATE TABLE omemo_prekey (
    account_id      INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    version         TEXT NOT NULL CHECK (version IN ('OMEMO_0_3', 'OMEMO_2')),
    prekey_id       INTEGER NOT NULL,
    private_key     BLOB NOT NULL,
    public_key      BLOB NOT NULL,
    PRIMARY KEY (account_id, version, prekey_id)
) WITHOUT ROWID;

CREATE TABLE omemo_signed_prekey (
    account_id      INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    version         TEXT NOT NULL CHECK (version IN ('OMEMO_0_3', 'OMEMO_2')),
    signed_prekey_id INTEGER NOT NULL,
    private_key     BLOB NOT NULL,
    public_key      BLOB NOT NULL,
    signature       BLOB NOT NULL,
    created_at      INTEGER NOT NULL,               -- for rotation
    PRIMARY KEY (account_id, version, signed_prekey_id)
) WITHOUT ROWID;

CREATE TABLE omemo_session (
    account_id      INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    jid             TEXT NOT NULL,
    device_id       INTEGER NOT NULL,
    version         TEXT NOT NULL CHECK (version IN ('OMEMO_0_3', 'OMEMO_2')),
    record          BLOB NOT NULL,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (account_id, jid, device_id, version)
) WITHOUT ROWID;

CREATE TABLE omemo_device (
    account_id      INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    jid             TEXT NOT NULL,
    version         TEXT NOT NULL CHECK (version IN ('OMEMO_0_3', 'OMEMO_2')),
    device_id       INTEGER NOT NULL,
    label           TEXT,
    active          INTEGER NOT NULL CHECK (active IN (0, 1)),   -- on the last device list we saw
    last_seen       INTEGER NOT NULL,                             -- last time it was on a device list
    PRIMARY KEY (account_id, jid, version, device_id)
) WITHOUT ROWID;

CREATE TABLE omemo_trust (
    account_id      INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    jid             TEXT NOT NULL,
    device_id       INTEGER NOT NULL,
    identity_key    BLOB NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('UNDECIDED', 'TRUSTED_BLIND', 'VERIFIED', 'DISTRUSTED')),
    first_seen      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (account_id, jid, device_id, identity_key)
) WITHOUT ROWID;
