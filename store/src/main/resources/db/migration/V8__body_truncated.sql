-- A received body longer than core's bound is stored cut to that bound; the flag says so to the reader.
ALTER TABLE message ADD COLUMN body_truncated INTEGER NOT NULL DEFAULT 0;
