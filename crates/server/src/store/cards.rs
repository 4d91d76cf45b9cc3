//! The demo people's virtual cards: their issued profile and their persistent state.

use chrono::{DateTime, Utc};
use jpki::sim::{CardProfile, CardState};
use sqlx::Row;

use super::{instant_text, Conn, Store};

pub async fn get(store: &Store, person_id: &str) -> anyhow::Result<Option<(CardProfile, CardState)>> {
    let row = sqlx::query("SELECT profile, state FROM virtual_cards WHERE person_id = $1")
        .bind(person_id)
        .fetch_optional(store.pool())
        .await?;
    row.map(|r| {
        let profile: String = r.try_get("profile")?;
        let state: String = r.try_get("state")?;
        Ok((
            serde_json::from_str(&profile).map_err(|e| anyhow::anyhow!("card {person_id}: profile: {e}"))?,
            serde_json::from_str(&state).map_err(|e| anyhow::anyhow!("card {person_id}: state: {e}"))?,
        ))
    })
    .transpose()
}

pub async fn state(store: &Store, person_id: &str) -> anyhow::Result<Option<CardState>> {
    let text: Option<String> = sqlx::query_scalar("SELECT state FROM virtual_cards WHERE person_id = $1")
        .bind(person_id)
        .fetch_optional(store.pool())
        .await?;
    text.map(|t| serde_json::from_str(&t).map_err(|e| anyhow::anyhow!("card {person_id}: state: {e}"))).transpose()
}

pub async fn insert(conn: &mut Conn, person_id: &str, profile: &CardProfile, now: DateTime<Utc>) -> anyhow::Result<()> {
    sqlx::query("INSERT INTO virtual_cards (person_id, profile, state, updated_at) VALUES ($1, $2, $3, $4)")
        .bind(person_id)
        .bind(serde_json::to_string(profile)?)
        .bind(serde_json::to_string(&CardState::fresh())?)
        .bind(instant_text(now))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn save_state(store: &Store, person_id: &str, state: &CardState, now: DateTime<Utc>) -> anyhow::Result<()> {
    sqlx::query("UPDATE virtual_cards SET state = $1, updated_at = $2 WHERE person_id = $3")
        .bind(serde_json::to_string(state)?)
        .bind(instant_text(now))
        .bind(person_id)
        .execute(store.pool())
        .await?;
    Ok(())
}

/// Demo reset: every card as newly issued (counters 3/3/5, nothing selected); same keys
/// and certificates.
pub async fn reset_all(conn: &mut Conn) -> anyhow::Result<()> {
    sqlx::query("UPDATE virtual_cards SET state = $1")
        .bind(serde_json::to_string(&CardState::fresh())?)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn count(store: &Store) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM virtual_cards").fetch_one(store.pool()).await?)
}
