-- Issue 13: the phone signing credential (スマホ用署名用電子証明書). A WebAuthn credential
-- bound to a person and to the card's signing certificate that registered it, the person's
-- password for it (a slow salted hash, never the text) with the card's five-try lock, the
-- ceremonies in progress, and an audit trail. Portable SQL: TEXT ids, instants and base64,
-- BIGINT counters.
CREATE TABLE phone_credentials (
    id             TEXT PRIMARY KEY,          -- what the list and DELETE name
    person_id      TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    credential_id  TEXT NOT NULL UNIQUE,      -- the WebAuthn credential id, base64url
    passkey        TEXT NOT NULL,             -- webauthn-rs Passkey (JSON): public key, counter
    sign_count     BIGINT NOT NULL,           -- the authenticator's counter as last seen
    cert_serial    TEXT NOT NULL,             -- the card's 署名用 certificate that registered it
    cert_der       TEXT NOT NULL,             -- its DER, base64
    created_at     TEXT NOT NULL,
    last_used_at   TEXT
);
CREATE INDEX phone_credentials_person ON phone_credentials(person_id);

-- One password per person for all of their phone credentials; registering sets it anew.
CREATE TABLE phone_passwords (
    person_id      TEXT PRIMARY KEY REFERENCES persons(id) ON DELETE CASCADE,
    password_hash  TEXT NOT NULL,             -- argon2id PHC string
    tries_left     BIGINT NOT NULL,
    updated_at     TEXT NOT NULL
);

-- A WebAuthn ceremony between its two requests: a registration (kind `register`, keyed by
-- its own id) or a signature (kind `sign`, keyed by the signature challenge it answers).
-- Single use: taken (deleted) when it is finished.
CREATE TABLE phone_ceremonies (
    id             TEXT PRIMARY KEY,
    kind           TEXT NOT NULL,
    person_id      TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    state          TEXT NOT NULL,             -- webauthn-rs ceremony state (JSON)
    rp_origin      TEXT NOT NULL,             -- the origin the browser must report
    cert_serial    TEXT,                      -- registration: the card certificate that signed
    cert_der       TEXT,
    password_hash  TEXT,                      -- registration: the password to set
    expires_at     TEXT NOT NULL
);

-- Append-only: every registration, deletion, password check and phone signature.
CREATE TABLE phone_credential_audit (
    id             TEXT PRIMARY KEY,
    person_id      TEXT NOT NULL,
    action         TEXT NOT NULL,             -- register / delete / password / sign
    outcome        TEXT NOT NULL,             -- ok, or the refusal's problem code
    credential_id  TEXT,
    at             TEXT NOT NULL
);
