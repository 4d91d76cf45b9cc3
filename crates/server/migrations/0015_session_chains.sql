-- A session's tokens form one chain (issue 24): each rotation (a card signature) gives the
-- session a new token and keeps the old one for a 60-second grace, marked replaced. A
-- logout or an ended session ends the whole chain; a replaced token can end nothing and
-- is never rotated again. Rows from before are each a chain of their own.
ALTER TABLE sessions ADD COLUMN chain_id TEXT;
ALTER TABLE sessions ADD COLUMN replaced_at TEXT;
UPDATE sessions SET chain_id = COALESCE(public_id, token_hash);
CREATE INDEX sessions_chain ON sessions(chain_id);
