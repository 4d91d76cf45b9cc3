-- Several instances on one PostgreSQL (issue 17). Portable SQL as in 0001.

-- Named counters: the next `seq` of persons, applications, notices and J-LIS changes
-- (crate::store::next_seq). `MAX(seq) + 1` inside the INSERT is safe only while one
-- writer at a time exists (SQLite); two PostgreSQL transactions would both read the same
-- maximum. `UPDATE counters … RETURNING` locks the counter's row until commit instead.
-- Also rows only taken as locks ('demo_reset': one demo reset at a time).
CREATE TABLE counters (
    name   TEXT PRIMARY KEY,
    value  BIGINT NOT NULL
);
INSERT INTO counters (name, value) SELECT 'persons', COALESCE(MAX(seq), 0) FROM persons;
INSERT INTO counters (name, value) SELECT 'applications', COALESCE(MAX(seq), 0) FROM applications;
INSERT INTO counters (name, value) SELECT 'notices', COALESCE(MAX(seq), 0) FROM notices;
INSERT INTO counters (name, value) SELECT 'jlis_changes', COALESCE(MAX(seq), 0) FROM jlis_changes;
INSERT INTO counters (name, value) VALUES ('demo_reset', 0);

-- Rate-limit buckets every instance shares (docs/SECURITY.md): the per-person limit on
-- challenges and signed submissions. Tokens in thousandths, the last refill in Unix
-- milliseconds (real time); a row is read and written back under its own row lock.
CREATE TABLE rate_buckets (
    bucket        TEXT PRIMARY KEY,   -- '<class>:<person id>'
    milli_tokens  BIGINT NOT NULL,
    at_ms         BIGINT NOT NULL
);
