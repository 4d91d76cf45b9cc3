-- Audit trail of linking and unlinking (who, when, outcome, certificate serial).
-- No foreign key: the trail outlives the person rows (a demo reset reseeds persons).
CREATE TABLE link_audit (
    id           TEXT PRIMARY KEY,
    person_id    TEXT NOT NULL,
    action       TEXT NOT NULL,   -- 'link' | 'unlink'
    outcome      TEXT NOT NULL,   -- 'ok' or the refusal's problem code
    cert_serial  TEXT,            -- the signing certificate's serial (link only)
    at           TEXT NOT NULL    -- UTC instant, real time (not the demo clock)
);
CREATE INDEX link_audit_person ON link_audit(person_id, at);
