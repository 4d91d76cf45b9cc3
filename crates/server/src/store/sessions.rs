//! Login sessions, keyed by the SHA-256 of the cookie token (the token itself is never
//! stored). Expiry is judged by the real clock, not the demo clock: moving the demo
//! clock must neither log people out nor keep sessions alive.

use chrono::{DateTime, Utc};

use super::{instant_text, Conn, Store};

pub async fn create(
    store: &Store,
    token_hash: &str,
    person_id: &str,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> anyhow::Result<()> {
    sqlx::query("INSERT INTO sessions (token_hash, person_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(person_id)
        .bind(instant_text(created_at))
        .bind(instant_text(expires_at))
        .execute(store.pool())
        .await?;
    Ok(())
}

/// The person a live session belongs to.
pub async fn person_for(store: &Store, token_hash: &str, now: DateTime<Utc>) -> anyhow::Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT person_id FROM sessions WHERE token_hash = $1 AND expires_at > $2")
        .bind(token_hash)
        .bind(instant_text(now))
        .fetch_optional(store.pool())
        .await?)
}

pub async fn delete(store: &Store, token_hash: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(store.pool()).await?;
    Ok(())
}

/// Housekeeping, run on each login so the table does not grow without bound.
pub async fn delete_expired(store: &Store, now: DateTime<Utc>) -> anyhow::Result<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(instant_text(now))
        .execute(store.pool())
        .await?;
    Ok(done.rows_affected())
}

pub async fn delete_all(conn: &mut Conn) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM sessions").execute(conn).await?;
    Ok(())
}
