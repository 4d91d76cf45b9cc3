//! The application worker (SPEC §6): processes submitted applications and creates each
//! result's notice exactly once, and sends the time-based notices.
//!
//! Restart safety: each step is its own committed transaction that starts with a
//! conditional write (`… WHERE status = <expected>`) or claim, so a step is done at most once;
//! the final status, the kind's effect and the result notice commit together, and the
//! notice's UNIQUE dedup key would refuse a second one anyway. A crash between steps
//! leaves 受付済 or 処理中, which the next run (on start, at the latest) picks up.
//!
//! External systems (issue 26): a kind whose effect is the driver registry's (a 本籍
//! change) calls it before that transaction, with the application's idempotency key, and
//! commits after; a crash between is made safe by the key (docs/CONTRACT-registry.md
//! "Order"). An unavailable registry is a wait, not a failed attempt ([`WAIT_SECS`]).
//!
//! Several instances (issue 17): every instance runs this worker on the one PostgreSQL
//! database. The final step claims its application with `FOR UPDATE SKIP LOCKED`, so two
//! workers never process one application at once and neither waits for the other; the
//! claim lives as long as its transaction, so an instance killed mid-step loses it with
//! its connection and the row is free for the next run anywhere ([`SHARED_PERIOD`]).
//! Notices keep their UNIQUE dedup key, so each is sent once whoever sends it.
//!
//! When it runs: on start; a few seconds after a submission (so a burst is one run);
//! on `POST /api/demo/process`; outside demo mode also every few minutes (the system
//! clock moves, so time-based notices become due by themselves). Moving the demo clock
//! sends the time-based notices at once (`crate::notices::due`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use domain::api::ProcessReport;
use domain::applications::{retry_delay_secs, ApplicationKind, ApplicationStatus, MAX_PROCESSING_ATTEMPTS};
use tokio::sync::{Mutex, Notify};

use crate::adapters::registry::RegistryError;
use crate::applications::Outcome;
use crate::notices::due::time_notices;
use crate::store::applications;
use crate::store::notices::{self, NewNotice};
use crate::AppState;

pub mod effects;

/// How long after a submission the worker runs in demo mode: long enough to see 受付済.
pub const DEMO_DELAY: Duration = Duration::from_secs(3);
/// Outside demo mode: a short pause so a burst of submissions is one run.
pub const DELAY: Duration = Duration::from_millis(500);
/// Outside demo mode the worker also runs this often.
pub const PERIOD: Duration = Duration::from_secs(300);
/// On a database several instances share (PostgreSQL), every instance's worker also runs
/// this often, in demo mode too: a submission wakes only the worker of the instance that
/// took it, and if that instance dies first, or dies holding an application, another
/// one's next periodic run finishes it.
pub const SHARED_PERIOD: Duration = Duration::from_secs(5);

/// The handle handlers use to wake the background worker; one run at a time per process.
#[derive(Clone)]
pub struct Worker(Arc<Inner>);

struct Inner {
    wake: Notify,
    running: Mutex<()>,
    delay: Duration,
    /// A run was asked for since the last one started; a demo reset clears it, so a run
    /// asked for before the reset does not happen after it.
    requested: AtomicBool,
}

impl Worker {
    pub fn new(delay: Duration) -> Worker {
        Worker(Arc::new(Inner {
            wake: Notify::new(),
            running: Mutex::new(()),
            delay,
            requested: AtomicBool::new(false),
        }))
    }

    /// Asks for a run soon (after the delay). Without a running loop (tests) nothing happens.
    pub fn wake(&self) {
        self.0.requested.store(true, Ordering::SeqCst);
        self.0.wake.notify_one();
    }

    /// Drops a run that was scheduled but has not started (demo reset).
    pub fn cancel_pending(&self) {
        self.0.requested.store(false, Ordering::SeqCst);
    }
}

/// Starts the background loop. Its first run resumes whatever a crash left unfinished.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        run_logged(&state).await;
        let inner = state.worker.0.clone();
        let shared = state.store.backend() == crate::store::Backend::Postgres;
        loop {
            let periodic = if shared {
                tokio::time::timeout(SHARED_PERIOD, inner.wake.notified()).await.is_err()
            } else if state.config.demo {
                inner.wake.notified().await;
                false
            } else {
                tokio::time::timeout(PERIOD, inner.wake.notified()).await.is_err()
            };
            if !periodic {
                // Submissions arriving meanwhile join this run.
                tokio::time::sleep(inner.delay).await;
                if !inner.requested.swap(false, Ordering::SeqCst) {
                    continue; // cancelled by a demo reset
                }
            }
            run_logged(&state).await;
        }
    })
}

async fn run_logged(state: &AppState) {
    match run_once(state).await {
        Ok(report) if report.processed > 0 => tracing::info!(processed = report.processed, "worker run"),
        Ok(_) => {}
        Err(e) => tracing::error!(error = ?e, "worker run failed"),
    }
}

/// Processes everything that is due now and says how many applications it finished.
///
/// Its three passes — the time-based notices, the applications, the changes J-LIS
/// forwarded — fail alone: one that fails is logged and the others still run, and within
/// the applications pass one application that fails never stops the next. A failing
/// application is tried again after a growing pause ([`retry_delay_secs`]) and, after
/// [`MAX_PROCESSING_ATTEMPTS`], becomes 処理エラー with a notice saying so. The run is an
/// `Err` only when it could not even list the applications.
pub async fn run_once(state: &AppState) -> anyhow::Result<ProcessReport> {
    let _one_at_a_time = state.worker.0.running.lock().await;
    let notices_pass = async { time_notices(&state.store, state.clock.now(&state.store).await?).await };
    if let Err(e) = notices_pass.await {
        tracing::error!(error = ?e, "time-based notices failed; the applications go on");
    }
    let mut processed = 0;
    for id in applications::unfinished(&state.store, Utc::now()).await? {
        match process(state, &id).await {
            Ok(true) => processed += 1,
            Ok(false) => {}
            Err(e) if waits_for_an_external_system(&e) => {
                tracing::warn!(application = %id, error = %e, "waiting for an external system");
                let retry_at = Utc::now() + chrono::Duration::seconds(WAIT_SECS);
                let code = crate::error::ApiError::Unavailable(crate::error::External::Registry).code();
                if let Err(e) = applications::record_wait(&state.store, &id, code, retry_at).await {
                    tracing::error!(application = %id, error = ?e, "recording the wait failed");
                }
            }
            Err(e) => {
                tracing::error!(application = %id, error = ?e, "processing failed");
                if let Err(e) = failed_attempt(state, &id).await {
                    tracing::error!(application = %id, error = ?e, "recording the failed attempt failed");
                }
            }
        }
    }
    // Basic-information changes J-LIS forwarded (住所変更ワンストップサービス等); after the
    // applications, so a consent processed in this run already counts.
    if let Err(e) = crate::onestop::jlis::process_changes(state).await {
        tracing::error!(error = ?e, "J-LIS changes failed; the next run retries them");
    }
    Ok(ProcessReport { processed })
}

/// How long the worker waits before trying again an application whose external system was
/// unavailable (the client has already retried with backoff within the attempt).
pub const WAIT_SECS: i64 = 30;

/// The registry did not answer or said it is unavailable: the application is valid and
/// only waiting, so the attempt does not count toward giving up (処理エラー), and the
/// person is told to look again later (`applications.waiting`).
fn waits_for_an_external_system(e: &anyhow::Error) -> bool {
    matches!(e.downcast_ref::<RegistryError>(), Some(RegistryError::Unavailable(_)))
}

/// After a failed attempt: wait before the next, or give up after the last.
async fn failed_attempt(state: &AppState, id: &str) -> anyhow::Result<()> {
    let now = Utc::now();
    let failures = applications::record_failure(&state.store, id, now).await?;
    if failures >= MAX_PROCESSING_ATTEMPTS {
        give_up(state, id).await
    } else {
        let retry_at = now + chrono::Duration::seconds(retry_delay_secs(failures));
        applications::record_retry_at(&state.store, id, retry_at).await
    }
}

/// 処理エラー, with a notice telling the person to apply again: one transaction, reading
/// only what it needs (the rest of the row may be what fails).
async fn give_up(state: &AppState, id: &str) -> anyhow::Result<()> {
    let now = state.clock.now(&state.store).await?;
    let mut tx = state.store.begin().await?;
    let Some(from) = applications::status_of(&mut tx, id).await? else { return Ok(()) };
    if !applications::advance(&mut tx, id, from, ApplicationStatus::Failed, None, now).await? {
        return Ok(()); // finished meanwhile
    }
    if let Some((person_id, kind, receipt_no)) = applications::owner_of(&mut tx, id).await? {
        match ApplicationKind::from_code(&kind) {
            Some(kind) => {
                let body = crate::applications::results::failure_body(kind, receipt_no.as_deref());
                let key = notices::result_key(id);
                let notice = NewNotice {
                    person_id: &person_id,
                    kind: kind.result_notice(),
                    body: &body,
                    application_id: Some(id),
                    dedup_key: &key,
                    now,
                };
                notices::insert(&mut tx, &notice).await?;
            }
            None => tracing::error!(application = %id, kind, "no notice for an application of unknown kind"),
        }
    }
    tx.commit().await?;
    tracing::error!(application = %id, attempts = MAX_PROCESSING_ATTEMPTS, "gave up: 処理エラー");
    Ok(())
}

/// Takes one application from wherever it stands to its result. True when this call
/// recorded the result.
pub async fn process(state: &AppState, id: &str) -> anyhow::Result<bool> {
    start(state, id).await?;
    finish(state, id).await
}

/// Step 1, its own transaction: 受付済 → 処理中 (a no-op if it is past that already).
pub async fn start(state: &AppState, id: &str) -> anyhow::Result<bool> {
    let now = state.clock.now(&state.store).await?;
    let mut tx = state.store.begin().await?;
    let moved =
        applications::advance(&mut tx, id, ApplicationStatus::Accepted, ApplicationStatus::Processing, None, now)
            .await?;
    tx.commit().await?;
    Ok(moved)
}

/// Step 2: an external system's effect first (the driver registry's, outside any
/// transaction: it cannot join ours, and a slow registry must not hold the database's
/// write lock), then one transaction: the kind's local effect, 完了 or 却下, and the result
/// notice. A crash or a lost answer between the two leaves 処理中; the next attempt calls
/// the registry again with the same idempotency key, which it answers without applying
/// twice (docs/CONTRACT-registry.md "Order").
pub async fn finish(state: &AppState, id: &str) -> anyhow::Result<bool> {
    let decided = {
        let mut conn = state.store.pool().acquire().await?;
        match applications::get(&mut conn, id).await? {
            Some(app) if app.status == ApplicationStatus::Processing => {
                drop(conn);
                effects::external(state.registry.as_ref(), &state.store, &app).await?
            }
            _ => return Ok(false), // not 処理中: finished already (or not started)
        }
    };
    let now = state.clock.now(&state.store).await?;
    let mut tx = state.store.begin().await?;
    if !applications::claim(&mut tx, id, ApplicationStatus::Processing).await? {
        return Ok(false); // finished meanwhile (another instance), or not started
    }
    let app = applications::get(&mut tx, id).await?.ok_or_else(|| anyhow::anyhow!("application {id} vanished"))?;
    let outcome = match decided {
        Some(outcome) => {
            effects::after_external(&mut tx, &app, &outcome).await?;
            outcome
        }
        None => effects::apply(&mut tx, &app, now).await?,
    };
    let (status, reason) = match &outcome {
        Outcome::Completed => (ApplicationStatus::Completed, None),
        Outcome::Rejected(r) => (ApplicationStatus::Rejected, Some(r.as_str())),
    };
    applications::advance(&mut tx, id, ApplicationStatus::Processing, status, reason, now).await?;
    let body = effects::result_body_at(&app, &outcome, now);
    let key = notices::result_key(id);
    notices::insert(
        &mut tx,
        &NewNotice {
            person_id: &app.person_id,
            kind: app.kind.result_notice(),
            body: &body,
            application_id: Some(id),
            dedup_key: &key,
            now,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}
