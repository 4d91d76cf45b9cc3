-- Sessions as a person sees and ends them (issue 16): an id to name one by (never the token
-- or its hash), the device it logged in from, and when it was last used — for the idle
-- timeout and for 「ログイン中の端末」. Rows from before have none: last use counts as their
-- login, and they are not listed (they end within their 8 hours anyway).
ALTER TABLE sessions ADD COLUMN public_id TEXT;
ALTER TABLE sessions ADD COLUMN device TEXT;
ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;
CREATE UNIQUE INDEX sessions_public_id ON sessions(public_id);
