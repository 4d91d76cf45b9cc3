//! Demo mode: the seeded people, their portraits, and resetting everything to SPEC §5.

pub mod photo;
pub mod routes;
pub mod seed;

pub use routes::routes;

use std::borrow::Cow;

use crate::applications::Outcome;
use crate::clock;
use crate::error::Refuse;
use crate::store::{applications, notices, persons, sessions, Store};

/// Why a demo control refuses a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoRefusal {
    /// `PUT /api/demo/clock` outside [`clock::DEMO_YEARS`].
    ClockOutOfRange,
}

impl Refuse for DemoRefusal {
    fn status(&self) -> u16 {
        400
    }
    fn code(&self) -> &'static str {
        match self {
            Self::ClockOutOfRange => "clock_out_of_range",
        }
    }
    fn detail(&self) -> Cow<'static, str> {
        match self {
            Self::ClockOutOfRange => Cow::Owned(format!(
                "デモ時計は{}年から{}年までの日時で設定してください。",
                clock::DEMO_YEARS.start(),
                clock::DEMO_YEARS.end()
            )),
        }
    }
}

/// Back to SPEC §5's table in one transaction: people reseeded, every session dropped,
/// the clock at its default, every virtual card as newly issued (same keys and certificates),
/// the shared rate-limit buckets full.
pub async fn reset(store: &Store) -> anyhow::Result<()> {
    reset_unless_seeded(store, false).await.map(|_| ())
}

/// The reset, or with `keep_seeded` nothing when people exist already. One at a time on
/// every instance: the transaction starts by taking the `demo_reset` counter's row, so
/// two instances starting on one empty database seed it once.
async fn reset_unless_seeded(store: &Store, keep_seeded: bool) -> anyhow::Result<bool> {
    let mut tx = store.begin().await?;
    crate::store::next_seq(&mut tx, "demo_reset").await?;
    if keep_seeded && persons::count_in(&mut tx).await? > 0 {
        return Ok(false);
    }
    sessions::delete_all(&mut tx).await?;
    // スマホ用署名用電子証明書: none registered, no password, no ceremony under way.
    crate::store::phone_credentials::delete_all(&mut tx).await?;
    notices::delete_all(&mut tx).await?;
    applications::delete_all(&mut tx).await?;
    persons::delete_all(&mut tx).await?;
    for person in seed::people() {
        persons::insert(&mut tx, &person).await?;
    }
    // 住所変更ワンストップサービス等: consents as seeded, no J-LIS change waiting.
    crate::store::onestop::delete_all(&mut tx).await?;
    for (person, consent) in seed::consents() {
        crate::store::onestop::put_consent(&mut tx, person, &consent, None, chrono::Utc::now()).await?;
    }
    // 本籍のオンライン変更: the koseki system's records as seeded.
    crate::store::koseki::delete_all(&mut tx).await?;
    for (person, record) in seed::koseki_records() {
        crate::store::koseki::put(&mut tx, &person, &record).await?;
    }
    crate::store::lecture::delete_all(&mut tx).await?;
    crate::card::removal::clear_all(&mut tx).await?;
    crate::store::card_readers::delete_all(&mut tx).await?;
    clock::set_demo(&mut tx, clock::demo_default()).await?;
    // Cards back to newly issued (same keys and certificates), nothing revoked, no
    // challenge outstanding.
    crate::store::cards::reset_all(&mut tx).await?;
    crate::store::pki::delete_revocations(&mut tx).await?;
    // …except the cards reported lost (issue 30).
    crate::pki::revoke_suspended(&mut tx).await?;
    crate::store::challenges::delete_all(&mut tx).await?;
    // The per-person rate-limit buckets every instance shares, full again (the caller
    // clears its own process's per-address buckets: `RateLimiter::clear`).
    crate::store::rate_buckets::delete_all(&mut tx).await?;
    tx.commit().await?;
    Ok(true)
}

/// On start in demo mode: seed an empty database, keep an existing one (so a restart
/// does not undo what a reviewer just did).
pub async fn seed_if_empty(store: &Store) -> anyhow::Result<bool> {
    if persons::count(store).await? > 0 {
        return Ok(false);
    }
    reset_unless_seeded(store, true).await
}

/// A demo application is 却下 when its document says `{"reject": "<reason>"}`, so
/// reviewers and tests can see both results.
pub fn application_outcome(document: &str) -> Outcome {
    let reason = serde_json::from_str::<serde_json::Value>(document)
        .ok()
        .and_then(|v| v.get("reject").and_then(|r| r.as_str()).map(str::to_string));
    match reason {
        Some(r) if !r.trim().is_empty() => Outcome::Rejected(r),
        Some(_) => Outcome::Rejected("デモ操作で却下が指定されました。".into()),
        None => Outcome::Completed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_documents_choose_the_outcome() {
        assert_eq!(application_outcome(r#"{"n":1}"#), Outcome::Completed);
        assert_eq!(application_outcome("not json"), Outcome::Completed);
        assert_eq!(application_outcome(r#"{"reject":"書類不備"}"#), Outcome::Rejected("書類不備".into()));
        assert!(matches!(application_outcome(r#"{"reject":""}"#), Outcome::Rejected(_)));
    }
}
