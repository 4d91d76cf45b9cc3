-- The worker's failed attempts per application (issue 16): how many, and when the next may
-- start (real time, not the demo clock: a backoff must pass even while the demo clock is
-- frozen). After domain::applications::MAX_PROCESSING_ATTEMPTS the status is 'failed'.
ALTER TABLE applications ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN retry_at TEXT;
