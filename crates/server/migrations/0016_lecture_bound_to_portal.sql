-- The lecture site bound to the portal session that asked for it (issue 24): a ticket is
-- redeemable only with that portal session, and a lecture-site session ends with it (a
-- logout, or another person logging in on the same phone). The chain is the portal
-- session's `sessions.chain_id` (migration 0015), which survives its token's rotations.
-- Rows from before have none and so end.
ALTER TABLE lecture_tickets ADD COLUMN portal_chain TEXT;
ALTER TABLE lecture_sessions ADD COLUMN portal_chain TEXT;
