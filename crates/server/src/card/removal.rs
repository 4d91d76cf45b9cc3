//! A demo reader control (/demo): the card is taken away from the reader during the next
//! read, after a few more APDUs, as a hand that moves does. Armed for a person, it starts
//! counting at the next tap (the read's start) and, once the count is spent, every APDU
//! fails as a card that left the reader does, until the card is tapped again.
//!
//! Kept in `settings`, not in memory, so every server instance sees the same card.

use crate::store::{settings, Conn, Store};

pub const KEY_PREFIX: &str = "card_removal:";

fn key(person_id: &str) -> String {
    format!("{KEY_PREFIX}{person_id}")
}

/// The next read of `person_id`'s card loses the card after `after` APDUs.
pub async fn arm(store: &Store, person_id: &str, after: u32) -> anyhow::Result<()> {
    let mut conn = store.pool().acquire().await?;
    settings::set(&mut conn, &key(person_id), &format!("armed:{after}")).await
}

/// The card is (re)presented: an armed removal starts counting; a spent one is over.
pub async fn on_tap(store: &Store, person_id: &str) -> anyhow::Result<()> {
    match settings::get(store, &key(person_id)).await?.as_deref().and_then(|v| v.strip_prefix("armed:")) {
        Some(n) => {
            let mut conn = store.pool().acquire().await?;
            settings::set(&mut conn, &key(person_id), &format!("count:{n}")).await
        }
        None => settings::delete(store, &key(person_id)).await,
    }
}

/// Is the card still on the reader for this APDU? (Counts one APDU down.)
pub async fn card_present(store: &Store, person_id: &str) -> anyhow::Result<bool> {
    let Some(value) = settings::get(store, &key(person_id)).await? else { return Ok(true) };
    let Some(left) = value.strip_prefix("count:").and_then(|n| n.parse::<u32>().ok()) else { return Ok(true) };
    if left == 0 {
        return Ok(false);
    }
    let mut conn = store.pool().acquire().await?;
    settings::set(&mut conn, &key(person_id), &format!("count:{}", left - 1)).await?;
    Ok(true)
}

/// Everyone's card back on the reader (a demo reset).
pub async fn clear_all(conn: &mut Conn) -> anyhow::Result<()> {
    settings::delete_prefixed(conn, KEY_PREFIX).await
}
