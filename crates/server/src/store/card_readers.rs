//! Remote card readers bound to a demo person before login (`card::routes`), keyed by the
//! SHA-256 of the reader cookie. Expiry by the real clock, as for sessions.

use chrono::{DateTime, Utc};

use super::{instant_text, Conn, Store};

/// Binds a new reader token to `person_id` (and drops expired bindings, so the table
/// stays as small as the readers in use).
pub async fn bind(
    store: &Store,
    token_hash: &str,
    person_id: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> anyhow::Result<()> {
    let mut tx = store.begin().await?;
    sqlx::query("DELETE FROM card_readers WHERE expires_at <= $1").bind(instant_text(now)).execute(&mut *tx).await?;
    sqlx::query(
        "INSERT INTO card_readers (token_hash, person_id, expires_at) VALUES ($1, $2, $3) \
         ON CONFLICT (token_hash) DO UPDATE SET person_id = excluded.person_id, expires_at = excluded.expires_at",
    )
    .bind(token_hash)
    .bind(person_id)
    .bind(instant_text(expires_at))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The person a live reader token is bound to.
pub async fn person_for(store: &Store, token_hash: &str, now: DateTime<Utc>) -> anyhow::Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT person_id FROM card_readers WHERE token_hash = $1 AND expires_at > $2")
        .bind(token_hash)
        .bind(instant_text(now))
        .fetch_optional(store.pool())
        .await?)
}

pub async fn delete_all(conn: &mut Conn) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM card_readers").execute(conn).await?;
    Ok(())
}
