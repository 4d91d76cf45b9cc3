-- The demo's remote card reader, bound to the person chosen on /login (issue 16): without
-- a session, a card answers only a reader that tapped it first, through a cookie whose
-- SHA-256 is kept here (never the token). Ten minutes of life; a demo reset empties it.
CREATE TABLE card_readers (
    token_hash  TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
CREATE INDEX card_readers_expiry ON card_readers(expires_at);
