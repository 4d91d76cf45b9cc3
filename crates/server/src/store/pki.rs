//! The demo JPKI CA's records: its key and certificate, every certificate it issued
//! (serial → person and kind), and the revocation list.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chrono::{DateTime, Utc};
use sqlx::Row;

use super::{instant_text, Conn, Store};

const AUTHORITY_ID: &str = "demo";

/// The CA as stored: PKCS#8 key and certificate DER.
pub struct AuthorityRow {
    pub key_pkcs8: Vec<u8>,
    pub cert_der: Vec<u8>,
}

/// One issued certificate, as the CA registered it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuedCert {
    pub serial: String,
    pub person_id: String,
    /// `auth` or `signing` ([`crate::pki::CertKind::code`]).
    pub kind: String,
    pub cert_der: Vec<u8>,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
}

fn unb64(column: &str, text: &str) -> anyhow::Result<Vec<u8>> {
    B64.decode(text).map_err(|e| anyhow::anyhow!("{column}: not base64: {e}"))
}

fn instant(column: &str, text: &str) -> anyhow::Result<DateTime<Utc>> {
    Ok(DateTime::parse_from_rfc3339(text)
        .map_err(|e| anyhow::anyhow!("{column}: bad instant {text:?}: {e}"))?
        .with_timezone(&Utc))
}

pub async fn authority(store: &Store) -> anyhow::Result<Option<AuthorityRow>> {
    let row = sqlx::query("SELECT key_pkcs8, cert_der FROM pki_authority WHERE id = $1")
        .bind(AUTHORITY_ID)
        .fetch_optional(store.pool())
        .await?;
    row.map(|r| {
        Ok(AuthorityRow {
            key_pkcs8: unb64("key_pkcs8", &r.try_get::<String, _>("key_pkcs8")?)?,
            cert_der: unb64("cert_der", &r.try_get::<String, _>("cert_der")?)?,
        })
    })
    .transpose()
}

/// Whether a demo CA was ever stored here, without reading its key: production refuses
/// such a database (crate::production).
pub async fn has_authority(store: &Store) -> anyhow::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pki_authority").fetch_one(store.pool()).await?;
    Ok(n > 0)
}

/// Stores the CA unless one is already there (then the caller must load that one).
/// Returns whether this one was stored.
pub async fn insert_authority(
    store: &Store,
    key_pkcs8: &[u8],
    cert_der: &[u8],
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO pki_authority (id, key_pkcs8, cert_der, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(AUTHORITY_ID)
    .bind(B64.encode(key_pkcs8))
    .bind(B64.encode(cert_der))
    .bind(instant_text(now))
    .execute(store.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn insert_certificate(conn: &mut Conn, cert: &IssuedCert, issued_at: DateTime<Utc>) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO pki_certificates (serial, person_id, kind, cert_der, not_before, not_after, issued_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&cert.serial)
    .bind(&cert.person_id)
    .bind(&cert.kind)
    .bind(B64.encode(&cert.cert_der))
    .bind(instant_text(cert.not_before))
    .bind(instant_text(cert.not_after))
    .bind(instant_text(issued_at))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn certificate(store: &Store, serial: &str) -> anyhow::Result<Option<IssuedCert>> {
    let row = sqlx::query(
        "SELECT serial, person_id, kind, cert_der, not_before, not_after FROM pki_certificates WHERE serial = $1",
    )
    .bind(serial)
    .fetch_optional(store.pool())
    .await?;
    row.map(|r| {
        Ok(IssuedCert {
            serial: r.try_get("serial")?,
            person_id: r.try_get("person_id")?,
            kind: r.try_get("kind")?,
            cert_der: unb64("cert_der", &r.try_get::<String, _>("cert_der")?)?,
            not_before: instant("not_before", &r.try_get::<String, _>("not_before")?)?,
            not_after: instant("not_after", &r.try_get::<String, _>("not_after")?)?,
        })
    })
    .transpose()
}

/// Adds `serial` to the revocation list (again is fine).
/// When the person's newest signing certificate stops being valid, read inside `conn`'s
/// transaction (the worker's); `None` when the CA has issued them none yet.
pub async fn signing_valid_until_in(conn: &mut Conn, person_id: &str) -> anyhow::Result<Option<DateTime<Utc>>> {
    let until: Option<String> = sqlx::query_scalar(
        "SELECT not_after FROM pki_certificates WHERE person_id = $1 AND kind = 'signing' ORDER BY issued_at DESC LIMIT 1",
    )
    .bind(person_id)
    .fetch_optional(conn)
    .await?;
    until.map(|t| instant("not_after", &t)).transpose()
}

/// The person's newest certificate of each kind the CA issued: (kind code, not_before,
/// not_after), newest first per kind (issue 30: 「連携状況」 shows their validity).
pub async fn newest_of_person(
    store: &Store,
    person_id: &str,
) -> anyhow::Result<Vec<(String, DateTime<Utc>, DateTime<Utc>)>> {
    let rows = sqlx::query(
        "SELECT kind, not_before, not_after FROM pki_certificates WHERE person_id = $1 ORDER BY issued_at DESC",
    )
    .bind(person_id)
    .fetch_all(store.pool())
    .await?;
    let mut out: Vec<(String, DateTime<Utc>, DateTime<Utc>)> = Vec::new();
    for r in rows {
        let kind: String = r.try_get("kind")?;
        if out.iter().any(|(k, _, _)| *k == kind) {
            continue;
        }
        let from = instant("not_before", &r.try_get::<String, _>("not_before")?)?;
        let until = instant("not_after", &r.try_get::<String, _>("not_after")?)?;
        out.push((kind, from, until));
    }
    Ok(out)
}

/// Every linked person with the last day of their newest signing certificate, for the
/// expiry notices (issue 30). One row per person.
pub async fn linked_signing_expiries(store: &Store) -> anyhow::Result<Vec<(String, DateTime<Utc>)>> {
    let rows = sqlx::query(
        "SELECT c.person_id AS person_id, MAX(c.not_after) AS not_after FROM pki_certificates c \
         JOIN persons p ON p.id = c.person_id WHERE c.kind = 'signing' AND p.linked GROUP BY c.person_id",
    )
    .fetch_all(store.pool())
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("person_id")?, instant("not_after", &r.try_get::<String, _>("not_after")?)?)))
        .collect()
}

/// [`signing_valid_until_in`] outside a transaction.
pub async fn signing_valid_until(store: &Store, person_id: &str) -> anyhow::Result<Option<DateTime<Utc>>> {
    let mut conn = store.pool().acquire().await?;
    signing_valid_until_in(&mut conn, person_id).await
}

pub async fn revoke(store: &Store, serial: &str, reason: &str, at: DateTime<Utc>) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO pki_revocations (serial, revoked_at, reason) VALUES ($1, $2, $3) ON CONFLICT (serial) DO NOTHING",
    )
    .bind(serial)
    .bind(instant_text(at))
    .bind(reason)
    .execute(store.pool())
    .await?;
    Ok(())
}

/// Revokes every certificate issued to `person_id` (again is fine).
pub async fn revoke_person_in(conn: &mut Conn, person_id: &str, reason: &str, at: DateTime<Utc>) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO pki_revocations (serial, revoked_at, reason) \
         SELECT serial, $2, $3 FROM pki_certificates WHERE person_id = $1 ON CONFLICT (serial) DO NOTHING",
    )
    .bind(person_id)
    .bind(instant_text(at))
    .bind(reason)
    .execute(conn)
    .await?;
    Ok(())
}

/// Why `serial` was revoked, if it was.
pub async fn revocation_reason(store: &Store, serial: &str) -> anyhow::Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT reason FROM pki_revocations WHERE serial = $1")
        .bind(serial)
        .fetch_optional(store.pool())
        .await?)
}

pub async fn is_revoked(store: &Store, serial: &str) -> anyhow::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pki_revocations WHERE serial = $1")
        .bind(serial)
        .fetch_one(store.pool())
        .await?;
    Ok(n > 0)
}

/// Demo reset: nothing is revoked at SPEC §5's starting point.
pub async fn delete_revocations(conn: &mut Conn) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM pki_revocations").execute(conn).await?;
    Ok(())
}
