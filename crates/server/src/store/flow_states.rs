//! A flow's state between its steps, against the session (migration 0006).

use chrono::{DateTime, Utc};

use super::{instant_text, Conn, Store};

/// The flow's JSON, unless there is none or it has expired.
pub async fn get(store: &Store, session_hash: &str, flow: &str, now: DateTime<Utc>) -> anyhow::Result<Option<String>> {
    let data: Option<String> =
        sqlx::query_scalar("SELECT data FROM flow_states WHERE session_hash = $1 AND flow = $2 AND expires_at > $3")
            .bind(session_hash)
            .bind(flow)
            .bind(instant_text(now))
            .fetch_optional(store.pool())
            .await?;
    Ok(data)
}

/// Replaces the flow's state; it lives until `expires_at`.
pub async fn put(
    store: &Store,
    session_hash: &str,
    flow: &str,
    data: &str,
    expires_at: DateTime<Utc>,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO flow_states (session_hash, flow, data, expires_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (session_hash, flow) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at",
    )
    .bind(session_hash)
    .bind(flow)
    .bind(data)
    .bind(instant_text(expires_at))
    .execute(store.pool())
    .await?;
    Ok(())
}

/// Forgets the flow's state (done or cancelled), inside `conn`'s transaction.
pub async fn delete(conn: &mut Conn, session_hash: &str, flow: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM flow_states WHERE session_hash = $1 AND flow = $2")
        .bind(session_hash)
        .bind(flow)
        .execute(conn)
        .await?;
    Ok(())
}

/// Drops every expired state (the janitor); how many.
pub async fn delete_expired(store: &Store, now: DateTime<Utc>) -> anyhow::Result<u64> {
    let done = sqlx::query("DELETE FROM flow_states WHERE expires_at <= $1")
        .bind(instant_text(now))
        .execute(store.pool())
        .await?;
    Ok(done.rows_affected())
}

/// A rotated session keeps its flows' steps (`sessions::rotate`).
pub async fn move_to(conn: &mut Conn, old_hash: &str, new_hash: &str) -> anyhow::Result<()> {
    sqlx::query("UPDATE flow_states SET session_hash = $1 WHERE session_hash = $2")
        .bind(new_hash)
        .bind(old_hash)
        .execute(conn)
        .await?;
    Ok(())
}
