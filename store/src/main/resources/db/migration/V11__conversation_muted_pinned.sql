-- The user's per-chat settings beside the plaintext choice: a muted chat notifies nothing, a pinned one stays on top.
ALTER TABLE conversation ADD COLUMN muted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversation ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
