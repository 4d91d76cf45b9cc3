-- PostgreSQL only (replaces migrations/0014_wide_integers.sql there): INTEGER is 32 bits
-- in PostgreSQL, and these columns hold the store's i64 values.
ALTER TABLE persons ALTER COLUMN seq TYPE BIGINT;
ALTER TABLE applications ALTER COLUMN seq TYPE BIGINT;
ALTER TABLE applications ALTER COLUMN attempts TYPE BIGINT;
ALTER TABLE notices ALTER COLUMN seq TYPE BIGINT;
ALTER TABLE jlis_changes ALTER COLUMN seq TYPE BIGINT;
ALTER TABLE lecture_progress ALTER COLUMN chapters_done TYPE BIGINT;
