//! Phone signing credentials (スマホ用署名用電子証明書, migration 0012): the credentials,
//! the person's password and its tries, the WebAuthn ceremonies between their two
//! requests, and the audit trail.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::{instant_text, parse_instant, Conn, Store};
use crate::ids::new_id;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialRow {
    pub id: String,
    pub person_id: String,
    /// The WebAuthn credential id, base64url without padding.
    pub credential_id: String,
    /// webauthn-rs `Passkey` as JSON.
    pub passkey: String,
    pub sign_count: i64,
    pub cert_serial: String,
    /// base64 DER of the card's signing certificate that registered it.
    pub cert_der: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str =
    "id, person_id, credential_id, passkey, sign_count, cert_serial, cert_der, created_at, last_used_at";

fn credential(r: &super::DbRow) -> anyhow::Result<CredentialRow> {
    Ok(CredentialRow {
        id: r.try_get("id")?,
        person_id: r.try_get("person_id")?,
        credential_id: r.try_get("credential_id")?,
        passkey: r.try_get("passkey")?,
        sign_count: r.try_get("sign_count")?,
        cert_serial: r.try_get("cert_serial")?,
        cert_der: r.try_get("cert_der")?,
        created_at: parse_instant("created_at", &r.try_get::<String, _>("created_at")?)?,
        last_used_at: r
            .try_get::<Option<String>, _>("last_used_at")?
            .map(|t| parse_instant("last_used_at", &t))
            .transpose()?,
    })
}

/// Adds a credential; `false` if its WebAuthn credential id is registered already.
pub async fn insert(conn: &mut Conn, c: &CredentialRow) -> anyhow::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO phone_credentials (id, person_id, credential_id, passkey, sign_count, cert_serial, cert_der, \
         created_at, last_used_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL) ON CONFLICT (credential_id) DO NOTHING",
    )
    .bind(&c.id)
    .bind(&c.person_id)
    .bind(&c.credential_id)
    .bind(&c.passkey)
    .bind(c.sign_count)
    .bind(&c.cert_serial)
    .bind(&c.cert_der)
    .bind(instant_text(c.created_at))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A person's credentials, oldest first.
pub async fn for_person(store: &Store, person_id: &str) -> anyhow::Result<Vec<CredentialRow>> {
    let rows =
        sqlx::query(&format!("SELECT {COLUMNS} FROM phone_credentials WHERE person_id = $1 ORDER BY created_at, id"))
            .bind(person_id)
            .fetch_all(store.pool())
            .await?;
    rows.iter().map(credential).collect()
}

/// The credential with this WebAuthn credential id, whoever's it is.
pub async fn by_credential_id(store: &Store, credential_id: &str) -> anyhow::Result<Option<CredentialRow>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM phone_credentials WHERE credential_id = $1"))
        .bind(credential_id)
        .fetch_optional(store.pool())
        .await?;
    row.as_ref().map(credential).transpose()
}

/// After a signature: the authenticator's new counter (and the passkey with it).
pub async fn record_use(
    store: &Store,
    id: &str,
    passkey: &str,
    sign_count: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    sqlx::query("UPDATE phone_credentials SET passkey = $1, sign_count = $2, last_used_at = $3 WHERE id = $4")
        .bind(passkey)
        .bind(sign_count)
        .bind(instant_text(now))
        .bind(id)
        .execute(store.pool())
        .await?;
    Ok(())
}

/// Deletes one of the person's credentials; `false` if there is none with this id.
/// With the last one goes the password.
pub async fn delete(conn: &mut Conn, person_id: &str, id: &str) -> anyhow::Result<bool> {
    let done = sqlx::query("DELETE FROM phone_credentials WHERE person_id = $1 AND id = $2")
        .bind(person_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "DELETE FROM phone_passwords WHERE person_id = $1 \
         AND NOT EXISTS (SELECT 1 FROM phone_credentials WHERE person_id = $1)",
    )
    .bind(person_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

// ---- The password ----

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasswordRow {
    pub password_hash: String,
    pub tries_left: i64,
}

/// Sets the person's password with every try back.
pub async fn put_password(
    conn: &mut Conn,
    person_id: &str,
    password_hash: &str,
    tries: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO phone_passwords (person_id, password_hash, tries_left, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (person_id) DO UPDATE SET password_hash = excluded.password_hash, \
         tries_left = excluded.tries_left, updated_at = excluded.updated_at",
    )
    .bind(person_id)
    .bind(password_hash)
    .bind(tries)
    .bind(instant_text(now))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn password(store: &Store, person_id: &str) -> anyhow::Result<Option<PasswordRow>> {
    let row = sqlx::query("SELECT password_hash, tries_left FROM phone_passwords WHERE person_id = $1")
        .bind(person_id)
        .fetch_optional(store.pool())
        .await?;
    row.map(|r| Ok(PasswordRow { password_hash: r.try_get("password_hash")?, tries_left: r.try_get("tries_left")? }))
        .transpose()
}

/// Takes one try before the password is checked: `Some(tries left after it)`, or `None`
/// when none is left (locked) or the person has no password. One conditional statement,
/// so concurrent attempts (on any number of instances) each take their own try and at
/// most [`domain::phone::MAX_TRIES`] are ever checked; a right password gives it back
/// ([`give_back`]).
pub async fn take_try(store: &Store, person_id: &str) -> anyhow::Result<Option<i64>> {
    let row = sqlx::query(
        "UPDATE phone_passwords SET tries_left = tries_left - 1 WHERE person_id = $1 AND tries_left > 0 \
         RETURNING tries_left",
    )
    .bind(person_id)
    .fetch_optional(store.pool())
    .await?;
    row.map(|r| Ok(r.try_get("tries_left")?)).transpose()
}

/// A right password checked on the try that left `taken` tries: every try back when no
/// other attempt took one meanwhile; else its own try back, unless the others have
/// locked it meanwhile. `false`: locked (the right password does not unlock).
pub async fn give_back(store: &Store, person_id: &str, taken: i64, tries: i64) -> anyhow::Result<bool> {
    let all = sqlx::query("UPDATE phone_passwords SET tries_left = $1 WHERE person_id = $2 AND tries_left = $3")
        .bind(tries)
        .bind(person_id)
        .bind(taken)
        .execute(store.pool())
        .await?;
    if all.rows_affected() == 1 {
        return Ok(true);
    }
    let one = sqlx::query(
        "UPDATE phone_passwords SET tries_left = tries_left + 1 WHERE person_id = $1 AND tries_left > 0 \
         AND tries_left < $2",
    )
    .bind(person_id)
    .bind(tries)
    .execute(store.pool())
    .await?;
    if one.rows_affected() == 1 {
        return Ok(true);
    }
    Ok(password(store, person_id).await?.is_some_and(|p| p.tries_left > 0))
}

// ---- Ceremonies between their two requests ----

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CeremonyRow {
    pub id: String,
    /// `register` or `sign`.
    pub kind: String,
    pub person_id: String,
    pub state: String,
    pub rp_origin: String,
    pub cert_serial: Option<String>,
    pub cert_der: Option<String>,
    pub password_hash: Option<String>,
    pub expires_at: DateTime<Utc>,
}

/// Stores a ceremony, replacing one with the same id (a second password entry for the
/// same challenge starts the signature again). `false` when another request stored one
/// with this id at the same moment (on PostgreSQL the two inserts meet on the key).
pub async fn put_ceremony(store: &Store, c: &CeremonyRow) -> anyhow::Result<bool> {
    let mut tx = store.begin().await?;
    sqlx::query("DELETE FROM phone_ceremonies WHERE id = $1").bind(&c.id).execute(&mut *tx).await?;
    let inserted = sqlx::query(
        "INSERT INTO phone_ceremonies (id, kind, person_id, state, rp_origin, cert_serial, cert_der, password_hash, \
         expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&c.id)
    .bind(&c.kind)
    .bind(&c.person_id)
    .bind(&c.state)
    .bind(&c.rp_origin)
    .bind(&c.cert_serial)
    .bind(&c.cert_der)
    .bind(&c.password_hash)
    .bind(instant_text(c.expires_at))
    .execute(&mut *tx)
    .await;
    match inserted {
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
        Err(e) => Err(e.into()),
        Ok(_) => {
            tx.commit().await?;
            Ok(true)
        }
    }
}

/// Takes the ceremony `id` of `kind` for `person_id`: returned and deleted (single use).
/// Someone else's, or another kind, is left alone and not returned.
pub async fn take_ceremony(
    store: &Store,
    kind: &str,
    person_id: &str,
    id: &str,
) -> anyhow::Result<Option<CeremonyRow>> {
    let row = sqlx::query(
        "DELETE FROM phone_ceremonies WHERE id = $1 AND kind = $2 AND person_id = $3 \
         RETURNING id, kind, person_id, state, rp_origin, cert_serial, cert_der, password_hash, expires_at",
    )
    .bind(id)
    .bind(kind)
    .bind(person_id)
    .fetch_optional(store.pool())
    .await?;
    row.map(|r| {
        Ok(CeremonyRow {
            id: r.try_get("id")?,
            kind: r.try_get("kind")?,
            person_id: r.try_get("person_id")?,
            state: r.try_get("state")?,
            rp_origin: r.try_get("rp_origin")?,
            cert_serial: r.try_get("cert_serial")?,
            cert_der: r.try_get("cert_der")?,
            password_hash: r.try_get("password_hash")?,
            expires_at: parse_instant("expires_at", &r.try_get::<String, _>("expires_at")?)?,
        })
    })
    .transpose()
}

/// Housekeeping: ceremonies that expired before `before` are gone; how many.
pub async fn delete_expired_ceremonies(store: &Store, before: DateTime<Utc>) -> anyhow::Result<u64> {
    let done = sqlx::query("DELETE FROM phone_ceremonies WHERE expires_at < $1")
        .bind(instant_text(before))
        .execute(store.pool())
        .await?;
    Ok(done.rows_affected())
}

// ---- Audit ----

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    pub action: String,
    pub outcome: String,
    pub credential_id: Option<String>,
    pub at: DateTime<Utc>,
}

/// Records one attempt; `outcome` is `ok` or the refusal's problem code.
pub async fn audit(
    conn: &mut Conn,
    person_id: &str,
    action: &str,
    outcome: &str,
    credential_id: Option<&str>,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO phone_credential_audit (id, person_id, action, outcome, credential_id, at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(new_id())
    .bind(person_id)
    .bind(action)
    .bind(outcome)
    .bind(credential_id)
    .bind(Utc::now().format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string())
    .execute(conn)
    .await?;
    Ok(())
}

/// One person's entries, oldest first (tests, support staff).
pub async fn audit_for(store: &Store, person_id: &str) -> anyhow::Result<Vec<AuditEntry>> {
    let rows = sqlx::query(
        "SELECT action, outcome, credential_id, at FROM phone_credential_audit WHERE person_id = $1 ORDER BY at, id",
    )
    .bind(person_id)
    .fetch_all(store.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(AuditEntry {
                action: r.try_get("action")?,
                outcome: r.try_get("outcome")?,
                credential_id: r.try_get("credential_id")?,
                at: parse_instant("at", &r.try_get::<String, _>("at")?)?,
            })
        })
        .collect()
}

/// Demo reset: no phone credential, password or ceremony is left (the audit trail stays).
pub async fn delete_all(conn: &mut Conn) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM phone_ceremonies").execute(&mut *conn).await?;
    sqlx::query("DELETE FROM phone_passwords").execute(&mut *conn).await?;
    sqlx::query("DELETE FROM phone_credentials").execute(&mut *conn).await?;
    Ok(())
}
