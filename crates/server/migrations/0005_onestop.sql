-- 住所変更ワンストップサービス等 (SPEC §4.7): each person's consent, and the changes of
-- basic information J-LIS forwards. Portable SQL as in 0001: TEXT ids and dates, BOOLEAN
-- flags, instants as UTC `YYYY-MM-DDTHH:MM:SSZ` text.

-- At most one consent per person; no row means no consent (all 未同意). Written only by
-- the worker when it processes a consent (upsert) or a cancellation (delete), and by a
-- demo reset. A consent with no item consented is never stored.
CREATE TABLE onestop_consents (
    person_id       TEXT PRIMARY KEY REFERENCES persons(id) ON DELETE CASCADE,
    address         BOOLEAN NOT NULL,   -- 住所
    name            BOOLEAN NOT NULL,   -- 氏名
    birth_date      BOOLEAN NOT NULL,   -- 生年月日
    consented_on    TEXT NOT NULL,      -- 同意日 (the processing date) YYYY-MM-DD
    expires_on      TEXT NOT NULL,      -- 有効期限 (10 years on)
    application_id  TEXT,               -- the application that set it (NULL when seeded)
    updated_at      TEXT NOT NULL
);
CREATE INDEX onestop_consents_expiry ON onestop_consents(expires_on);

-- Changes of 住所・氏名・生年月日 made at the municipality and forwarded by J-LIS (a demo
-- adapter posts them). The worker applies the consented items to the licence record and
-- marks the row processed in the same transaction as the result notice, so each change is
-- applied and announced at most once.
CREATE TABLE jlis_changes (
    id            TEXT PRIMARY KEY,
    seq           INTEGER NOT NULL UNIQUE,   -- arrival order (applied in this order)
    person_id     TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    address       TEXT,                      -- new 住所, if it changed
    name          TEXT,                      -- new 氏名, if it changed
    birth_date    TEXT,                      -- new 生年月日 YYYY-MM-DD, if it changed
    received_at   TEXT NOT NULL,
    processed_at  TEXT,                      -- NULL until the worker has handled it
    applied       TEXT                       -- JSON array of the item codes applied
);
CREATE INDEX jlis_changes_pending ON jlis_changes(processed_at, seq);
