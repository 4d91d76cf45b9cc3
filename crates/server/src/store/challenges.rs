//! Signature challenges: issued, looked up, and used at most once.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::{instant_text, Conn, Store};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChallengeRow {
    pub id: String,
    pub purpose: String,
    pub person_id: Option<String>,
    pub document: String,
    pub digest: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub used: bool,
}

fn instant(column: &str, text: &str) -> anyhow::Result<DateTime<Utc>> {
    Ok(DateTime::parse_from_rfc3339(text)
        .map_err(|e| anyhow::anyhow!("{column}: bad instant {text:?}: {e}"))?
        .with_timezone(&Utc))
}

pub async fn insert(store: &Store, c: &ChallengeRow) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO signature_challenges (id, purpose, person_id, document, digest, created_at, expires_at, used_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)",
    )
    .bind(&c.id)
    .bind(&c.purpose)
    .bind(&c.person_id)
    .bind(&c.document)
    .bind(&c.digest)
    .bind(instant_text(c.created_at))
    .bind(instant_text(c.expires_at))
    .execute(store.pool())
    .await?;
    Ok(())
}

pub async fn get(store: &Store, id: &str) -> anyhow::Result<Option<ChallengeRow>> {
    let row = sqlx::query(
        "SELECT id, purpose, person_id, document, digest, created_at, expires_at, used_at \
         FROM signature_challenges WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(store.pool())
    .await?;
    row.map(|r| {
        Ok(ChallengeRow {
            id: r.try_get("id")?,
            purpose: r.try_get("purpose")?,
            person_id: r.try_get("person_id")?,
            document: r.try_get("document")?,
            digest: r.try_get("digest")?,
            created_at: instant("created_at", &r.try_get::<String, _>("created_at")?)?,
            expires_at: instant("expires_at", &r.try_get::<String, _>("expires_at")?)?,
            used: r.try_get::<Option<String>, _>("used_at")?.is_some(),
        })
    })
    .transpose()
}

/// Marks the challenge used; `false` if it already was (someone else got there first).
/// The condition in the UPDATE makes this atomic: of two concurrent uses, one wins.
pub async fn mark_used(store: &Store, id: &str, now: DateTime<Utc>) -> anyhow::Result<bool> {
    let done = sqlx::query("UPDATE signature_challenges SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
        .bind(instant_text(now))
        .bind(id)
        .execute(store.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Housekeeping on each issue: challenges that expired before `before` are gone
/// (recently expired ones stay, so their use is told "expired", not "unknown").
pub async fn delete_expired(store: &Store, before: DateTime<Utc>) -> anyhow::Result<u64> {
    let done = sqlx::query("DELETE FROM signature_challenges WHERE expires_at < $1")
        .bind(instant_text(before))
        .execute(store.pool())
        .await?;
    Ok(done.rows_affected())
}

pub async fn delete_all(conn: &mut Conn) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM signature_challenges").execute(conn).await?;
    Ok(())
}
