-- Each of these pairs indexed the same columns twice in another order: one unique index for de-duplication, one
-- for lookups by a prefix. Ids from archives and senders are random, so every index on them costs a random page
-- per insert (most of a large catch-up's store time). One index per pair serves both: uniqueness does not depend
-- on the column order, and the new order puts the lookup prefix first.
DROP INDEX message_origin_id;
DROP INDEX message_origin_lookup;
CREATE UNIQUE INDEX message_origin_id ON message (conversation_id, origin_id, sender_jid) WHERE origin_id IS NOT NULL;

DROP INDEX message_archive_id;
DROP INDEX message_archive_lookup;
CREATE UNIQUE INDEX message_archive_id ON message (archive_id, archive_by, conversation_id) WHERE archive_id IS NOT NULL;
