-- オンライン更新時講習 (SPEC §4.5): the hand-over from the portal to the lecture site, the
-- lecture site's own sessions, and each person's progress, kept per renewal (the licence's
-- expiry date) so a lecture left halfway resumes, on any device. Portable SQL as in 0001.

-- Single-use tickets the portal gives for entering the lecture site (only their SHA-256).
CREATE TABLE lecture_tickets (
    token_hash  TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    expires_at  TEXT NOT NULL,
    used        BOOLEAN NOT NULL
);

-- The lecture site's sessions (its own cookie, not the portal's).
CREATE TABLE lecture_sessions (
    token_hash  TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    expires_at  TEXT NOT NULL
);

CREATE TABLE lecture_progress (
    person_id           TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    expiry              TEXT NOT NULL,    -- the renewal this lecture is for (YYYY-MM-DD)
    class               TEXT NOT NULL,    -- 'good' | 'general'
    lang                TEXT NOT NULL,    -- 'ja' | 'en'
    chapters_done       INTEGER NOT NULL,
    chapter_started_at  TEXT,             -- when the current chapter's content began (real time)
    completed_at        TEXT,             -- 受講完了 (business clock)
    PRIMARY KEY (person_id, expiry)
);
