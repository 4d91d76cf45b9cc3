//! Login sessions, keyed by the SHA-256 of the cookie token (the token itself is never
//! stored). Expiry is judged by the real clock, not the demo clock: moving the demo
//! clock must neither log people out nor keep sessions alive.
//!
//! A session is live while `expires_at` (its absolute end) is ahead and its last use
//! (`last_seen_at`, or its login for rows from before migration 0011) is after the idle
//! cutoff the caller passes (`crate::session` holds the policy).
//!
//! A session's tokens form a chain (`chain_id`, migration 0015): [`rotate`] marks the old
//! token replaced (`replaced_at`) for its grace and gives the new row the same chain and
//! absolute end; [`end`] and the list's endings remove whole chains.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::{instant_text, parse_instant, Conn, Store};

/// What [`create`] stores besides the hash.
pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub person_id: &'a str,
    pub public_id: &'a str,
    pub device: &'a str,
    pub now: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

pub async fn create(store: &Store, s: &NewSession<'_>) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, person_id, created_at, expires_at, public_id, device, last_seen_at, \
         chain_id) VALUES ($1, $2, $3, $4, $5, $6, $3, $5)",
    )
    .bind(s.token_hash)
    .bind(s.person_id)
    .bind(instant_text(s.now))
    .bind(instant_text(s.expires_at))
    .bind(s.public_id)
    .bind(s.device)
    .execute(store.pool())
    .await?;
    Ok(())
}

/// The person and chain of a live session (the lecture site binds itself to the chain).
pub async fn person_and_chain(
    store: &Store,
    token_hash: &str,
    now: DateTime<Utc>,
    idle_cutoff: DateTime<Utc>,
) -> anyhow::Result<Option<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT person_id, chain_id FROM sessions WHERE token_hash = $1 AND expires_at > $2 \
         AND COALESCE(last_seen_at, created_at) > $3 AND chain_id IS NOT NULL",
    )
    .bind(token_hash)
    .bind(instant_text(now))
    .bind(instant_text(idle_cutoff))
    .fetch_optional(store.pool())
    .await?)
}

/// Records a use of the session, when the last recorded one is older than `stale_before`
/// (so a busy page writes once a minute, not on every request).
pub async fn touch(
    store: &Store,
    token_hash: &str,
    now: DateTime<Utc>,
    stale_before: DateTime<Utc>,
) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2 AND COALESCE(last_seen_at, created_at) < $3",
    )
    .bind(instant_text(now))
    .bind(token_hash)
    .bind(instant_text(stale_before))
    .execute(store.pool())
    .await?;
    Ok(())
}

/// One live session of a person, as 「ログイン中の端末」 lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub token_hash: String,
    pub public_id: String,
    pub device: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

/// The person's live sessions, most recently used first.
pub async fn list_for_person(
    store: &Store,
    person_id: &str,
    now: DateTime<Utc>,
    idle_cutoff: DateTime<Utc>,
) -> anyhow::Result<Vec<Listed>> {
    let rows = sqlx::query(
        "SELECT token_hash, public_id, COALESCE(device, '') AS device, created_at, \
         COALESCE(last_seen_at, created_at) AS seen FROM sessions \
         WHERE person_id = $1 AND public_id IS NOT NULL AND expires_at > $2 \
         AND COALESCE(last_seen_at, created_at) > $3 ORDER BY seen DESC, created_at DESC",
    )
    .bind(person_id)
    .bind(instant_text(now))
    .bind(instant_text(idle_cutoff))
    .fetch_all(store.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Listed {
                token_hash: r.try_get("token_hash")?,
                public_id: r.try_get("public_id")?,
                device: r.try_get("device")?,
                created_at: parse_instant("sessions.created_at", &r.try_get::<String, _>("created_at")?)?,
                last_seen_at: parse_instant("sessions.last_seen_at", &r.try_get::<String, _>("seen")?)?,
            })
        })
        .collect()
}

/// Ends the person's session `public_id` with every token of its chain; false when they
/// have none by that id.
pub async fn delete_by_public_id(store: &Store, person_id: &str, public_id: &str) -> anyhow::Result<bool> {
    let done = sqlx::query(
        "DELETE FROM sessions WHERE person_id = $1 AND chain_id IN \
         (SELECT chain_id FROM sessions WHERE person_id = $1 AND public_id = $2)",
    )
    .bind(person_id)
    .bind(public_id)
    .execute(store.pool())
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Ends every session of the person but the chain of `keep`; how many sessions (listed
/// ones: replaced tokens go with their chain, uncounted).
pub async fn delete_others(store: &Store, person_id: &str, keep: &str) -> anyhow::Result<u64> {
    let ended: Vec<Option<String>> = sqlx::query_scalar(
        "DELETE FROM sessions WHERE person_id = $1 AND chain_id NOT IN \
         (SELECT chain_id FROM sessions WHERE token_hash = $2) RETURNING public_id",
    )
    .bind(person_id)
    .bind(keep)
    .fetch_all(store.pool())
    .await?;
    Ok(ended.iter().filter(|p| p.is_some()).count() as u64)
}

/// A new token for the same session (its chain, login time, absolute end, device and
/// public id move over, and so do its flows' steps); the old token is marked replaced and
/// stays usable until `grace_until` — a request already on its way with it (a double tap)
/// is not logged out — and is no longer listed. A replaced token is never rotated again
/// (it would give a new token the grace's end). The session's absolute end, or `None`
/// when the old token is not there or was replaced already.
pub async fn rotate(
    store: &Store,
    old_hash: &str,
    new_hash: &str,
    now: DateTime<Utc>,
    grace_until: DateTime<Utc>,
) -> anyhow::Result<Option<DateTime<Utc>>> {
    let mut tx = store.begin().await?;
    // The conditional write first: of two rotations of one token, one wins.
    let found: Option<(Option<String>, String)> = sqlx::query_as(
        "UPDATE sessions SET replaced_at = $1 WHERE token_hash = $2 AND replaced_at IS NULL \
         RETURNING public_id, expires_at",
    )
    .bind(instant_text(now))
    .bind(old_hash)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((public_id, expires_at)) = found else { return Ok(None) };
    // The public id is unique: off the old row before the new one takes it.
    sqlx::query(
        "UPDATE sessions SET public_id = NULL, expires_at = CASE WHEN expires_at < $1 THEN expires_at ELSE $1 END \
         WHERE token_hash = $2",
    )
    .bind(instant_text(grace_until))
    .bind(old_hash)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO sessions (token_hash, person_id, created_at, expires_at, public_id, device, last_seen_at, \
         chain_id) SELECT $1, person_id, created_at, $3, $4, device, last_seen_at, chain_id FROM sessions \
         WHERE token_hash = $2",
    )
    .bind(new_hash)
    .bind(old_hash)
    .bind(&expires_at)
    .bind(&public_id)
    .execute(&mut *tx)
    .await?;
    super::flow_states::move_to(&mut tx, old_hash, new_hash).await?;
    tx.commit().await?;
    Ok(Some(parse_instant("sessions.expires_at", &expires_at)?))
}

/// A logout: the token's whole chain ends (its replaced tokens too) — unless the token is
/// itself a replaced one, which ends only itself (an old token cannot end the session
/// that replaced it).
pub async fn end(store: &Store, token_hash: &str) -> anyhow::Result<()> {
    sqlx::query(
        "DELETE FROM sessions WHERE token_hash = $1 OR chain_id IN \
         (SELECT chain_id FROM sessions WHERE token_hash = $1 AND replaced_at IS NULL)",
    )
    .bind(token_hash)
    .execute(store.pool())
    .await?;
    Ok(())
}

/// Housekeeping, run on each login so the table does not grow without bound.
pub async fn delete_expired(store: &Store, now: DateTime<Utc>, idle_cutoff: DateTime<Utc>) -> anyhow::Result<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR COALESCE(last_seen_at, created_at) <= $2")
        .bind(instant_text(now))
        .bind(instant_text(idle_cutoff))
        .execute(store.pool())
        .await?;
    Ok(done.rows_affected())
}

pub async fn delete_all(conn: &mut Conn) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM sessions").execute(conn).await?;
    Ok(())
}
