-- Avatars kept by hash. The avatar a JID uses is what it announced last (XEP-0084 metadata, XEP-0153 photo hash),
-- which is not a roster item's property: the account itself announces one too, and a full roster result replaces
-- every contact row. So contact.avatar_hash stays unused (dropping the column left the connection unable to re-key
-- in the same session) and avatar_announcement holds the hashes.

-- the images, once per account and SHA-1 (hex, lower case) of their bytes
CREATE TABLE avatar (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    sha1            TEXT NOT NULL,
    mime_type       TEXT NOT NULL,
    source          TEXT NOT NULL CHECK (source IN ('PEP', 'VCARD')),
    data            BLOB NOT NULL,
    UNIQUE (account_id, sha1)
);

-- the hash each JID (a contact, or the account itself) announced last; '' = it announced that it has none
CREATE TABLE avatar_announcement (
    account_id      INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    jid             TEXT NOT NULL,
    sha1            TEXT NOT NULL,
    PRIMARY KEY (account_id, jid)
) WITHOUT ROWID;
