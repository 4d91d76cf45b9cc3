-- Portable SQL (SQLite now, PostgreSQL later): TEXT ids, ISO-8601 dates and instants as
-- TEXT, BOOLEAN flags, lists as JSON text. No engine-specific types or defaults.

-- One person as the driver registry and the card know them (SPEC §4.4 fields).
CREATE TABLE persons (
    id                     TEXT PRIMARY KEY,
    seq                    INTEGER NOT NULL UNIQUE, -- insertion order: lists follow the seed table
    name                   TEXT NOT NULL,   -- 氏名
    kana                   TEXT NOT NULL,   -- フリガナ
    alias_name             TEXT NOT NULL,   -- 通称名
    former_name            TEXT NOT NULL,   -- 旧姓名
    birth_date             TEXT NOT NULL,   -- 生年月日 YYYY-MM-DD
    address                TEXT NOT NULL,   -- 住所
    honseki                TEXT NOT NULL,   -- 本籍
    sex                    TEXT NOT NULL,   -- 性別
    status                 TEXT NOT NULL,   -- HoldingStatus::code()
    linked                 BOOLEAN NOT NULL,
    registered_on          TEXT NOT NULL,   -- 登録情報 …時点
    number                 TEXT NOT NULL,   -- 免許情報記録番号 / 運転経歴情報記録番号
    kinds                  TEXT NOT NULL,   -- JSON array: 取得済免許 / 取得していた免許
    date_two_small_moped   TEXT,            -- 免許の年月日（二・小・原）
    date_other             TEXT,            -- 免許の年月日（他）
    date_second_class      TEXT,            -- 免許の年月日（二種）
    remarks                TEXT NOT NULL,   -- JSON array: 備考
    -- Licence holders only.
    color                  TEXT,            -- ColorClass::code()
    valid_until            TEXT,            -- 免許情報記録の有効期間
    conditions             TEXT,            -- JSON array: 免許の条件
    -- Driving-history holders only.
    recorded_on            TEXT,            -- 運転経歴情報記録年月日
    history_class          TEXT,            -- 運転経歴区分
    -- Pre-procedures the link flow checks (SPEC §4.2).
    signing_cert_submitted BOOLEAN NOT NULL,
    koseki_history         BOOLEAN NOT NULL -- has 戸籍連携履歴 (skips honseki steps 3–7)
);

-- Login sessions. Only the SHA-256 of the cookie's token is kept, so a leaked
-- database cannot be replayed as cookies.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,  -- UTC, YYYY-MM-DDTHH:MM:SSZ (sorts as text)
    expires_at  TEXT NOT NULL
);
CREATE INDEX sessions_person ON sessions(person_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

-- Small key/value settings (the demo clock).
CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
