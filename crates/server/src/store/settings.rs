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

pub async fn delete(store: &Store, key: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM settings WHERE key = $1").bind(key).execute(store.pool()).await?;
    Ok(())
}

/// Every setting whose key starts with `prefix` (a demo reset).
pub async fn delete_prefixed(conn: &mut Conn, prefix: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM settings WHERE key LIKE $1").bind(format!("{prefix}%")).execute(conn).await?;
    Ok(())
}
