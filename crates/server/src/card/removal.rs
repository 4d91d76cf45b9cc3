//! A demo reader control (/demo): the card is taken away from the reader during the next
//! read, after a few more APDUs, as a hand that moves does. Armed for a person, it starts
//! counting at the next tap (the read's start) and, once the count is spent, every APDU
//! fails as a card that left the reader does, until the card is tapped again.
//!
//! The same control can hold the card instead ([`arm_hold`]): it stays on the reader but
//! stops answering for [`HOLD`], as a card at the edge of the antenna does, and is then
//! taken away. Reviewers (the gallery) look at the card-read screen's waiting and reading
//! states that way; a real read passes through them in a blink.
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

/// How long a held card keeps the reader waiting before it counts as taken away: long
/// enough to look at the screen, short of the server's 30 s request timeout.
pub const HOLD: std::time::Duration = std::time::Duration::from_secs(20);

/// The next read of `person_id`'s card stops answering after `after` APDUs (see the module).
pub async fn arm_hold(store: &Store, person_id: &str, after: u32) -> anyhow::Result<()> {
    let mut conn = store.pool().acquire().await?;
    settings::set(&mut conn, &key(person_id), &format!("hold-armed:{after}")).await
}

/// The card is (re)presented: an armed removal or hold starts counting; a spent one is over.
pub async fn on_tap(store: &Store, person_id: &str) -> anyhow::Result<()> {
    let value = settings::get(store, &key(person_id)).await?;
    let counting = match value.as_deref() {
        Some(v) if v.starts_with("armed:") => v.replacen("armed:", "count:", 1),
        Some(v) if v.starts_with("hold-armed:") => v.replacen("hold-armed:", "hold:", 1),
        _ => return settings::delete(store, &key(person_id)).await,
    };
    let mut conn = store.pool().acquire().await?;
    settings::set(&mut conn, &key(person_id), &counting).await
}

/// Where the card is for the next APDU.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    Present,
    /// Taken away: every APDU fails until the next tap.
    Gone,
    /// On the reader, not answering: the APDU waits ([`HOLD`]), then the card is gone.
    Held,
}

/// Is the card still on the reader for this APDU? (Counts one APDU down.)
pub async fn card_presence(store: &Store, person_id: &str) -> anyhow::Result<Presence> {
    let Some(value) = settings::get(store, &key(person_id)).await? else { return Ok(Presence::Present) };
    let (prefix, spent) = match value.split_once(':') {
        Some(("count", _)) => ("count", Presence::Gone),
        Some(("hold", _)) => ("hold", Presence::Held),
        _ => return Ok(Presence::Present),
    };
    let Some(left) = value.split_once(':').and_then(|(_, n)| n.parse::<u32>().ok()) else {
        return Ok(Presence::Present);
    };
    if left == 0 {
        return Ok(spent);
    }
    let mut conn = store.pool().acquire().await?;
    settings::set(&mut conn, &key(person_id), &format!("{prefix}:{}", left - 1)).await?;
    Ok(Presence::Present)
}

/// A held card's APDU: waits until [`HOLD`] has passed or the hold was lifted (a demo
/// reset, a new tap), checking the setting twice a second.
pub async fn wait_while_held(store: &Store, person_id: &str) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    while started.elapsed() < HOLD {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let value = settings::get(store, &key(person_id)).await?;
        if !value.is_some_and(|v| v.starts_with("hold:")) {
            break;
        }
    }
    Ok(())
}

/// Everyone's card back on the reader (a demo reset).
pub async fn clear_all(conn: &mut Conn) -> anyhow::Result<()> {
    settings::delete_prefixed(conn, KEY_PREFIX).await
}
