-- Applications, their status history, and notices (SPEC §4.10, §6).
-- Portable SQL as in 0001: TEXT ids, instants as UTC `YYYY-MM-DDTHH:MM:SSZ` text,
-- no engine-specific types, defaults or AUTOINCREMENT.

-- One application (申請). Committed before 受付済 is answered. The idempotency key is
-- unique per person, so a double tap (or a retry after a lost answer) finds the first
-- application instead of making a second: the database enforces it, not a prior check.
CREATE TABLE applications (
    id                  TEXT PRIMARY KEY,
    seq                 INTEGER NOT NULL UNIQUE,  -- submission order (newest first in lists)
    person_id           TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    kind                TEXT NOT NULL,            -- ApplicationKind::code()
    document            TEXT NOT NULL,            -- the canonical document applied for
    signature           TEXT,                     -- base64; filled by card-signed flows
    certificate_serial  TEXT,                     -- serial of the signing certificate
    idempotency_key     TEXT NOT NULL,
    status              TEXT NOT NULL,            -- ApplicationStatus::code()
    reject_reason       TEXT,                     -- 却下 only
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    UNIQUE (person_id, idempotency_key)
);
CREATE INDEX applications_person ON applications(person_id, seq);
CREATE INDEX applications_status ON applications(status, seq);

-- Status history: one row per status an application reached, with when (the audit trail).
-- At most one row per status: the worker's conditional updates make each step happen once.
CREATE TABLE application_events (
    application_id  TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    status          TEXT NOT NULL,
    at              TEXT NOT NULL,
    PRIMARY KEY (application_id, status)
);

-- お知らせ. `dedup_key` makes "exactly once" the database's job: `result:<application id>`
-- for an application's result, `<kind>:<person>:<period>` for time-based notices.
CREATE TABLE notices (
    id              TEXT PRIMARY KEY,
    seq             INTEGER NOT NULL UNIQUE,      -- creation order (newest first in lists)
    person_id       TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,                -- NoticeKind::code()
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    application_id  TEXT REFERENCES applications(id) ON DELETE CASCADE,
    dedup_key       TEXT NOT NULL UNIQUE,
    created_at      TEXT NOT NULL,
    read_at         TEXT
);
CREATE INDEX notices_person ON notices(person_id, seq);
CREATE INDEX notices_application ON notices(application_id);
