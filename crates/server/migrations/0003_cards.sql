-- The demo JPKI CA, the certificates it issued, its revocation list, the demo people's
-- virtual cards, and signature challenges (SPEC §5, §7.2; docs/CONTRACT-card.md).
-- Portable SQL as in 0001: TEXT ids, binary values as standard base64 TEXT, instants as
-- UTC `YYYY-MM-DDTHH:MM:SSZ` text. No foreign keys to `persons`: a demo reset deletes and
-- reinserts the people, and the cards and certificates must survive it unchanged.

-- The certification authority: one row, generated on first need and kept for good.
CREATE TABLE pki_authority (
    id          TEXT PRIMARY KEY,      -- 'demo'
    key_pkcs8   TEXT NOT NULL,         -- base64 PKCS#8 DER of the RSA-2048 CA key
    cert_der    TEXT NOT NULL,         -- base64 DER of the self-signed CA certificate
    created_at  TEXT NOT NULL
);

-- Every certificate the CA issued: how a certificate maps to its person (by serial).
CREATE TABLE pki_certificates (
    serial      TEXT PRIMARY KEY,      -- lower-case hex of the DER INTEGER, no leading 00
    person_id   TEXT NOT NULL,
    kind        TEXT NOT NULL,         -- 'auth' (利用者証明用) | 'signing' (署名用)
    cert_der    TEXT NOT NULL,         -- base64 DER
    not_before  TEXT NOT NULL,
    not_after   TEXT NOT NULL,
    issued_at   TEXT NOT NULL
);
CREATE INDEX pki_certificates_person ON pki_certificates(person_id, kind);

-- The revocation list. A demo reset empties it.
CREATE TABLE pki_revocations (
    serial      TEXT PRIMARY KEY,
    revoked_at  TEXT NOT NULL,
    reason      TEXT NOT NULL
);

-- One virtual card per demo person: what it was issued with (jpki::sim::CardProfile,
-- JSON) and what it remembers between APDUs (jpki::sim::CardState, JSON: PIN counters
-- and the current selection). A demo reset puts `state` back to a fresh card.
CREATE TABLE virtual_cards (
    person_id   TEXT PRIMARY KEY,
    profile     TEXT NOT NULL,
    state       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- Signature challenges: single use (`used_at`) and expiring, kept in the database so
-- neither survives a restart as reusable.
CREATE TABLE signature_challenges (
    id          TEXT PRIMARY KEY,      -- 128 random bits, hex
    purpose     TEXT NOT NULL,         -- 'login', or the signed step's purpose
    person_id   TEXT,                  -- whose signature is expected; NULL for login
    document    TEXT NOT NULL,         -- the canonical document the person saw
    digest      TEXT NOT NULL,         -- hex SHA-256 of `document`
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT
);
CREATE INDEX signature_challenges_expiry ON signature_challenges(expires_at);
