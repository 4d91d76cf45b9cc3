-- 本籍のオンライン変更 (SPEC §4.6) and the state of a flow between its steps. Portable SQL
-- as in 0001.

-- The koseki adapter's demo side: 本籍 and 筆頭者氏名 as each person's koseki
-- e-certificate would give them (production asks the 戸籍情報連携システム instead).
CREATE TABLE koseki_records (
    person_id   TEXT PRIMARY KEY REFERENCES persons(id) ON DELETE CASCADE,
    honseki     TEXT NOT NULL,   -- 本籍
    head_name   TEXT NOT NULL    -- 筆頭者氏名
);

-- What a flow's steps gave the server (a card's 本人情報, an agreement), kept against the
-- session for a short time, so a reload or a tab the phone discarded resumes the step.
-- Never in the URL, never in the browser's storage. One row per session and flow.
CREATE TABLE flow_states (
    session_hash  TEXT NOT NULL REFERENCES sessions(token_hash) ON DELETE CASCADE,
    flow          TEXT NOT NULL,   -- e.g. 'honseki'
    data          TEXT NOT NULL,   -- JSON, the flow's own shape
    expires_at    TEXT NOT NULL,   -- UTC instant; an expired row counts as none
    PRIMARY KEY (session_hash, flow)
);
CREATE INDEX flow_states_expiry ON flow_states(expires_at);
