//! The janitor (issue 24): what expires is purged on a schedule, not only when the next
//! request of its kind happens to clean up — lecture tickets (used or expired) and
//! lecture-site sessions (expired, or their portal session gone), flow states past their
//! end, signature challenges an hour past theirs (a replay within the hour is still told
//! "expired", not "unknown"), phone-signature ceremonies, and ended sessions.
//!
//! Every instance runs the schedule, but each period is claimed once per database by a
//! conditional write (`settings.janitor_last_run`), so on PostgreSQL one instance of the
//! cluster does the work per period.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::FromRef;

use crate::clock::{Clock, WallClock};
use crate::store::Store;
use crate::store::{challenges, flow_states, lecture, phone_credentials, sessions, settings};

/// How often the janitor runs (and the least time between two runs on one database).
pub const PERIOD: Duration = Duration::from_secs(10 * 60);
const CLAIM_KEY: &str = "janitor_last_run";

/// What one run removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Purged {
    pub lecture: u64,
    pub flow_states: u64,
    pub challenges: u64,
    pub ceremonies: u64,
    pub sessions: u64,
}

/// One run, if this instance claims the period: `None` when another run (here or on
/// another instance) had it less than `period` ago.
pub async fn run_once<S>(state: &S, period: Duration) -> anyhow::Result<Option<Purged>>
where
    Store: FromRef<S>,
    Clock: FromRef<S>,
    Arc<WallClock>: FromRef<S>,
{
    let (store, clock) = (&Store::from_ref(state), Clock::from_ref(state));
    let now = Arc::<WallClock>::from_ref(state).now();
    let period = chrono::Duration::from_std(period)?;
    if !settings::claim_period(store, CLAIM_KEY, now, now - period).await? {
        return Ok(None);
    }
    let purged = Purged {
        lecture: lecture::delete_expired(store, now).await?,
        // Flow states live on the business clock (the demo's, in a demo), as their steps do.
        flow_states: flow_states::delete_expired(store, clock.now(store).await?).await?,
        challenges: challenges::delete_expired(store, now - chrono::Duration::hours(1)).await?,
        ceremonies: phone_credentials::delete_expired_ceremonies(store, now).await?,
        sessions: sessions::delete_expired(store, now, crate::session::idle_cutoff(now)).await?,
    };
    Ok(Some(purged))
}

/// The schedule: a run every [`PERIOD`], failures logged (the next run tries again).
pub fn spawn<S>(state: S) -> tokio::task::JoinHandle<()>
where
    S: Send + Sync + 'static,
    Store: FromRef<S>,
    Clock: FromRef<S>,
    Arc<WallClock>: FromRef<S>,
{
    tokio::spawn(async move {
        let mut every = tokio::time::interval(PERIOD);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            match run_once(&state, PERIOD).await {
                Ok(Some(purged)) => tracing::info!(?purged, "janitor"),
                Ok(None) => tracing::debug!("janitor: another run had this period"),
                Err(e) => tracing::warn!(error = %e, "janitor failed"),
            }
        }
    })
}
