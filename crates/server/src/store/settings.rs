//! Small key/value settings that must survive restarts (the demo clock).

use super::{Conn, Store};

pub async fn get(store: &Store, key: &str) -> anyhow::Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT value FROM settings WHERE key = $1").bind(key).fetch_optional(store.pool()).await?)
}

/// Insert or replace; `ON CONFLICT … DO UPDATE` is spelled the same in SQLite and PostgreSQL.
pub async fn set(conn: &mut Conn, key: &str, value: &str) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sets `key` unless it is set already (the first writer wins, on every instance).
pub async fn insert_absent(store: &Store, key: &str, value: &str) -> anyhow::Result<()> {
    sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
        .bind(key)
        .bind(value)
        .execute(store.pool())
        .await?;
    Ok(())
}

/// Claims a period of a schedule shared by every instance: sets `key` to `now` if it was
/// last set at or before `last_before` (or never). One conditional write, so of the
/// instances that try at once exactly one gets `true`.
pub async fn claim_period(
    store: &Store,
    key: &str,
    now: chrono::DateTime<chrono::Utc>,
    last_before: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<bool> {
    insert_absent(store, key, "1970-01-01T00:00:00Z").await?;
    let done = sqlx::query("UPDATE settings SET value = $1 WHERE key = $2 AND value <= $3")
        .bind(super::instant_text(now))
        .bind(key)
        .bind(super::instant_text(last_before))
        .execute(store.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn delete(store: &Store, key: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM settings WHERE key = $1").bind(key).execute(store.pool()).await?;
    Ok(())
}

/// Every setting whose key starts with `prefix` (a demo reset).
pub async fn delete_prefixed(conn: &mut Conn, prefix: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM settings WHERE key LIKE $1").bind(format!("{prefix}%")).execute(conn).await?;
    Ok(())
}
