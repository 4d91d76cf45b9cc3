-- PostgreSQL's INTEGER is 32 bits; SQLite's is 64 already. The PostgreSQL text of this
-- migration (migrations/postgres/0014_wide_integers.sql) widens the INTEGER columns that
-- hold i64 values to BIGINT; `ALTER COLUMN … TYPE` does not exist in SQLite, and editing
-- 0001–0011 would change their checksums in every existing SQLite database. Here: nothing.
SELECT 1;
