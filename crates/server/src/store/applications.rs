//! Applications and their status history. Every change is a single conditional write
//! (`… WHERE status = <expected>`), so a step happens at most once however many workers
//! or restarts race for it, and a transaction that starts with one of these writes holds
//! SQLite's write lock before it reads anything.

use super::DbRow;
use anyhow::{anyhow, Context};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chrono::{DateTime, Utc};
use domain::applications::{ApplicationKind, ApplicationStatus, StatusEvent};
use sqlx::Row;

use super::{instant_text, parse_instant, Conn, Store};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Application {
    pub id: String,
    /// 受付番号 (`1234-5678-9015`).
    pub receipt_no: String,
    pub person_id: String,
    pub kind: ApplicationKind,
    pub document: String,
    /// The signature's bytes (stored as base64 text).
    pub signature: Option<Vec<u8>>,
    pub certificate_serial: Option<String>,
    pub idempotency_key: String,
    pub status: ApplicationStatus,
    pub reject_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// While unfinished: why it waits (the stable code of the external system that is
    /// unavailable, crate::error::ApiError::Unavailable), set by [`record_wait`].
    pub waiting: Option<String>,
}

/// What a submission stores.
pub struct NewApplication<'a> {
    pub id: &'a str,
    pub receipt_no: &'a str,
    pub person_id: &'a str,
    pub kind: ApplicationKind,
    pub document: &'a str,
    pub signature: Option<&'a [u8]>,
    pub certificate_serial: Option<&'a str>,
    pub idempotency_key: &'a str,
    pub now: DateTime<Utc>,
}

const COLUMNS: &str = "id, receipt_no, person_id, kind, document, signature, certificate_serial, idempotency_key, \
    status, reject_reason, created_at, updated_at, waiting";

/// Inserts the application as 受付済 with its first history row, unless this person
/// already used the idempotency key (then nothing is written and the answer is false).
/// The UNIQUE (person_id, idempotency_key) constraint decides, so concurrent submissions
/// with one key cannot both insert.
pub async fn insert_new(conn: &mut Conn, new: &NewApplication<'_>) -> anyhow::Result<bool> {
    let now = instant_text(new.now);
    let seq = super::next_seq(&mut *conn, "applications").await?;
    let done = sqlx::query(
        "INSERT INTO applications (id, seq, person_id, kind, document, signature, certificate_serial, \
         idempotency_key, status, reject_reason, created_at, updated_at, receipt_no) \
         VALUES ($1, $11, $2, $3, $4, $5, $6, $7, $8, NULL, $9, $9, $10) \
         ON CONFLICT (person_id, idempotency_key) DO NOTHING",
    )
    .bind(new.id)
    .bind(new.person_id)
    .bind(new.kind.code())
    .bind(new.document)
    .bind(new.signature.map(|bytes| B64.encode(bytes)))
    .bind(new.certificate_serial)
    .bind(new.idempotency_key)
    .bind(ApplicationStatus::Accepted.code())
    .bind(&now)
    .bind(new.receipt_no)
    .bind(seq)
    .execute(&mut *conn)
    .await
    .context("inserting an application")?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    insert_event(conn, new.id, ApplicationStatus::Accepted, new.now).await?;
    Ok(true)
}

async fn insert_event(conn: &mut Conn, id: &str, status: ApplicationStatus, at: DateTime<Utc>) -> anyhow::Result<()> {
    sqlx::query("INSERT INTO application_events (application_id, status, at) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(status.code())
        .bind(instant_text(at))
        .execute(conn)
        .await
        .context("recording an application's status")?;
    Ok(())
}

/// Moves the application from `from` to `to` (with the reason for 却下) and records it in
/// the history — only if it is still in `from`. False when it was not (someone else moved it).
pub async fn advance(
    conn: &mut Conn,
    id: &str,
    from: ApplicationStatus,
    to: ApplicationStatus,
    reject_reason: Option<&str>,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    anyhow::ensure!(from.may_become(to), "{} → {} is not a step of the worker", from.label(), to.label());
    let done = sqlx::query(
        "UPDATE applications SET status = $1, reject_reason = $2, updated_at = $3 WHERE id = $4 AND status = $5",
    )
    .bind(to.code())
    .bind(reject_reason)
    .bind(instant_text(now))
    .bind(id)
    .bind(from.code())
    .execute(&mut *conn)
    .await
    .context("advancing an application")?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    insert_event(conn, id, to, now).await?;
    Ok(true)
}

/// Claims an application that must still be in `status` for a step, until the
/// transaction ends; false when it is not in `status` — or, on PostgreSQL, when another
/// instance's worker holds it right now (`FOR UPDATE SKIP LOCKED`: that one finishes it,
/// and if its process dies the transaction dies with it and the row is free again for
/// the next run anywhere). On SQLite a no-op write takes the database's write lock.
/// Start a transaction with this before reading.
pub async fn claim(conn: &mut Conn, id: &str, status: ApplicationStatus) -> anyhow::Result<bool> {
    match super::Backend::of(conn) {
        super::Backend::Sqlite => {
            let done = sqlx::query("UPDATE applications SET status = status WHERE id = $1 AND status = $2")
                .bind(id)
                .bind(status.code())
                .execute(conn)
                .await?;
            Ok(done.rows_affected() == 1)
        }
        super::Backend::Postgres => {
            let claimed: Option<String> =
                sqlx::query_scalar("SELECT id FROM applications WHERE id = $1 AND status = $2 FOR UPDATE SKIP LOCKED")
                    .bind(id)
                    .bind(status.code())
                    .fetch_optional(conn)
                    .await?;
            Ok(claimed.is_some())
        }
    }
}

pub async fn get(conn: &mut Conn, id: &str) -> anyhow::Result<Option<Application>> {
    let sql = format!("SELECT {COLUMNS} FROM applications WHERE id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(conn).await?;
    row.map(|r| from_row(&r)).transpose()
}

/// The person's own application; another person's id reads as absent.
pub async fn get_for_person(store: &Store, person_id: &str, id: &str) -> anyhow::Result<Option<Application>> {
    let sql = format!("SELECT {COLUMNS} FROM applications WHERE id = $1 AND person_id = $2");
    let row = sqlx::query(&sql).bind(id).bind(person_id).fetch_optional(store.pool()).await?;
    row.map(|r| from_row(&r)).transpose()
}

pub async fn find_by_key(store: &Store, person_id: &str, key: &str) -> anyhow::Result<Option<Application>> {
    let sql = format!("SELECT {COLUMNS} FROM applications WHERE person_id = $1 AND idempotency_key = $2");
    let row = sqlx::query(&sql).bind(person_id).bind(key).fetch_optional(store.pool()).await?;
    row.map(|r| from_row(&r)).transpose()
}

/// Is an application of one of these kinds of this person 受付済 or 処理中?
pub async fn has_pending(store: &Store, person_id: &str, kinds: &[&str]) -> anyhow::Result<bool> {
    let mut n = 0i64;
    for kind in kinds {
        n += sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM applications WHERE person_id = $1 AND kind = $2 AND status IN ('accepted', 'processing')",
        )
        .bind(person_id)
        .bind(*kind)
        .fetch_one(store.pool())
        .await?;
    }
    Ok(n > 0)
}

/// The person's newest application of `kind`.
pub async fn latest_of_kind(store: &Store, person_id: &str, kind: &str) -> anyhow::Result<Option<Application>> {
    let sql =
        format!("SELECT {COLUMNS} FROM applications WHERE person_id = $1 AND kind = $2 ORDER BY seq DESC LIMIT 1");
    let row = sqlx::query(&sql).bind(person_id).bind(kind).fetch_optional(store.pool()).await?;
    row.map(|r| from_row(&r)).transpose()
}

/// Newest first.
pub async fn list_for_person(store: &Store, person_id: &str) -> anyhow::Result<Vec<Application>> {
    let sql = format!("SELECT {COLUMNS} FROM applications WHERE person_id = $1 ORDER BY seq DESC");
    let rows = sqlx::query(&sql).bind(person_id).fetch_all(store.pool()).await?;
    rows.iter().map(from_row).collect()
}

/// Oldest first.
pub async fn history(store: &Store, id: &str) -> anyhow::Result<Vec<StatusEvent>> {
    let rows = sqlx::query("SELECT status, at FROM application_events WHERE application_id = $1")
        .bind(id)
        .fetch_all(store.pool())
        .await?;
    let mut events = rows
        .iter()
        .map(|r| {
            let code: String = r.try_get("status")?;
            let at: String = r.try_get("at")?;
            Ok(StatusEvent {
                status: ApplicationStatus::from_code(&code).ok_or_else(|| anyhow!("unknown status {code}"))?,
                at: parse_instant("at", &at)?,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    // The steps' own order; the demo clock may give several steps the same instant.
    events.sort_by_key(|e| (e.at, ApplicationStatus::ALL.iter().position(|s| *s == e.status)));
    Ok(events)
}

/// Applications the worker still has to finish (受付済 and 処理中, e.g. left by a crash),
/// oldest first.
/// 受付済 and 処理中 applications whose next attempt is due at `real_now` (a failed one
/// waits out its backoff, `retry_at`).
pub async fn unfinished(store: &Store, real_now: DateTime<Utc>) -> anyhow::Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM applications WHERE status IN ($1, $2) AND (retry_at IS NULL OR retry_at <= $3) ORDER BY seq",
    )
    .bind(ApplicationStatus::Accepted.code())
    .bind(ApplicationStatus::Processing.code())
    .bind(instant_text(real_now))
    .fetch_all(store.pool())
    .await?)
}

/// Counts a failed attempt (holding the next one back until `real_now` is set otherwise
/// by [`record_retry_at`]); the failed attempts so far.
pub async fn record_failure(store: &Store, id: &str, real_now: DateTime<Utc>) -> anyhow::Result<u32> {
    let attempts: i64 = sqlx::query_scalar(
        "UPDATE applications SET attempts = attempts + 1, retry_at = $1, waiting = NULL WHERE id = $2 RETURNING attempts",
    )
    .bind(instant_text(real_now))
    .bind(id)
    .fetch_one(store.pool())
    .await
    .context("counting a failed attempt")?;
    Ok(u32::try_from(attempts).unwrap_or(u32::MAX))
}

/// An attempt that found an external system unavailable (`waiting`, its stable code): not
/// a failure of the application, so not counted toward giving up; the next attempt
/// starts at `retry_at` (real time).
pub async fn record_wait(store: &Store, id: &str, waiting: &str, retry_at: DateTime<Utc>) -> anyhow::Result<()> {
    sqlx::query("UPDATE applications SET waiting = $1, retry_at = $2 WHERE id = $3")
        .bind(waiting)
        .bind(instant_text(retry_at))
        .bind(id)
        .execute(store.pool())
        .await?;
    Ok(())
}

/// When the next attempt may start (real time).
pub async fn record_retry_at(store: &Store, id: &str, retry_at: DateTime<Utc>) -> anyhow::Result<()> {
    sqlx::query("UPDATE applications SET retry_at = $1 WHERE id = $2")
        .bind(instant_text(retry_at))
        .bind(id)
        .execute(store.pool())
        .await?;
    Ok(())
}

/// The application's status, read without the rest of its row (which may be what fails).
pub async fn status_of(conn: &mut Conn, id: &str) -> anyhow::Result<Option<ApplicationStatus>> {
    let code: Option<String> =
        sqlx::query_scalar("SELECT status FROM applications WHERE id = $1").bind(id).fetch_optional(conn).await?;
    Ok(code.and_then(|c| ApplicationStatus::from_code(&c)))
}

/// The application's owner and kind code, for the notice of a failure.
pub async fn owner_of(conn: &mut Conn, id: &str) -> anyhow::Result<Option<(String, String, Option<String>)>> {
    Ok(sqlx::query_as("SELECT person_id, kind, receipt_no FROM applications WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

pub async fn delete_all(conn: &mut Conn) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM application_events").execute(&mut *conn).await?;
    sqlx::query("DELETE FROM applications").execute(conn).await?;
    Ok(())
}

/// A receipt number for a row from before receipt numbers (its id's first hex digits).
pub(super) fn derived_receipt_no(id: &str) -> String {
    domain::applications::receipt_number(u64::from_str_radix(id.get(..10).unwrap_or("0"), 16).unwrap_or(0))
}

/// A fresh 受付番号 (eleven random digits and the check digit).
pub fn new_receipt_no() -> String {
    domain::applications::receipt_number(rand::Rng::random_range(&mut rand::rng(), 0..100_000_000_000u64))
}

fn from_row(r: &DbRow) -> anyhow::Result<Application> {
    let id: String = r.try_get("id")?;
    let kind: String = r.try_get("kind")?;
    let status: String = r.try_get("status")?;
    let created_at: String = r.try_get("created_at")?;
    let updated_at: String = r.try_get("updated_at")?;
    Ok(Application {
        kind: ApplicationKind::from_code(&kind).ok_or_else(|| anyhow!("{id}: unknown kind {kind}"))?,
        status: ApplicationStatus::from_code(&status).ok_or_else(|| anyhow!("{id}: unknown status {status}"))?,
        person_id: r.try_get("person_id")?,
        document: r.try_get("document")?,
        signature: r
            .try_get::<Option<String>, _>("signature")?
            .map(|text| B64.decode(text).map_err(|e| anyhow!("{id}: signature: {e}")))
            .transpose()?,
        certificate_serial: r.try_get("certificate_serial")?,
        idempotency_key: r.try_get("idempotency_key")?,
        reject_reason: r.try_get("reject_reason")?,
        created_at: parse_instant("created_at", &created_at)?,
        updated_at: parse_instant("updated_at", &updated_at)?,
        receipt_no: r.try_get::<Option<String>, _>("receipt_no")?.unwrap_or_else(|| derived_receipt_no(&id)),
        waiting: r.try_get("waiting")?,
        id,
    })
}
