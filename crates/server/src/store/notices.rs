//! お知らせ. Every notice has a `dedup_key` the database keeps unique, and inserting
//! is `ON CONFLICT (dedup_key) DO NOTHING`: asking twice for the same notice (a retried
//! worker step, the clock moved twice within one period) leaves exactly one.

use super::DbRow;
use anyhow::{anyhow, Context};
use chrono::{DateTime, NaiveDate, Utc};
use domain::applications::ApplicationKind;
use domain::notices::NoticeKind;
use domain::HoldingStatus;
use sqlx::Row;

use super::{date_text, instant_text, parse_date, parse_instant, Conn, Store};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub id: String,
    pub person_id: String,
    pub kind: NoticeKind,
    pub title: String,
    pub body: String,
    pub application_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

pub struct NewNotice<'a> {
    pub person_id: &'a str,
    pub kind: NoticeKind,
    pub body: &'a str,
    pub application_id: Option<&'a str>,
    /// What makes this notice "the same one" (see [`result_key`], [`period_key`]).
    pub dedup_key: &'a str,
    pub now: DateTime<Utc>,
}

/// The dedup key of an application's result notice: one result per application.
pub fn result_key(application_id: &str) -> String {
    format!("result:{application_id}")
}

/// The dedup key of a time-based notice: once per person and period (the expiry date).
pub fn period_key(kind: NoticeKind, person_id: &str, period: NaiveDate) -> String {
    format!("{}:{person_id}:{}", kind.code(), date_text(period))
}

const COLUMNS: &str = "id, person_id, kind, title, body, application_id, created_at, read_at";

/// Inserts the notice unless one with its dedup key exists; true when inserted.
pub async fn insert(conn: &mut Conn, n: &NewNotice<'_>) -> anyhow::Result<bool> {
    let seq = super::next_seq(&mut *conn, "notices").await?;
    let done = sqlx::query(
        "INSERT INTO notices (id, seq, person_id, kind, title, body, application_id, dedup_key, created_at, read_at) \
         VALUES ($1, $9, $2, $3, $4, $5, $6, $7, $8, NULL) \
         ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind(crate::ids::new_id())
    .bind(n.person_id)
    .bind(n.kind.code())
    .bind(n.kind.title())
    .bind(n.body)
    .bind(n.application_id)
    .bind(n.dedup_key)
    .bind(instant_text(n.now))
    .bind(seq)
    .execute(conn)
    .await
    .context("inserting a notice")?;
    Ok(done.rows_affected() == 1)
}

/// A notice in the list, with the application it answers (its kind and 受付番号), so two
/// notices with one title can be told apart.
pub struct Listed {
    pub notice: Notice,
    pub application: Option<(ApplicationKind, String)>,
}

/// The person's notices, newest first.
pub async fn list_for_person(store: &Store, person_id: &str) -> anyhow::Result<Vec<Listed>> {
    let columns: Vec<String> = COLUMNS.split(", ").map(|c| format!("n.{c}")).collect();
    let sql = format!(
        "SELECT {}, a.kind AS application_kind, a.receipt_no AS application_receipt_no \
         FROM notices n LEFT JOIN applications a ON a.id = n.application_id \
         WHERE n.person_id = $1 ORDER BY n.seq DESC",
        columns.join(", ")
    );
    let rows = sqlx::query(&sql).bind(person_id).fetch_all(store.pool()).await?;
    rows.iter()
        .map(|r| {
            let notice = from_row(r)?;
            let kind: Option<String> = r.try_get("application_kind")?;
            let receipt_no: Option<String> = r.try_get("application_receipt_no")?;
            let application = match (kind.as_deref().and_then(ApplicationKind::from_code), &notice.application_id) {
                (Some(kind), Some(id)) => {
                    Some((kind, receipt_no.unwrap_or_else(|| super::applications::derived_receipt_no(id))))
                }
                _ => None,
            };
            Ok(Listed { notice, application })
        })
        .collect()
}

pub async fn unread_count(store: &Store, person_id: &str) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM notices WHERE person_id = $1 AND read_at IS NULL")
        .bind(person_id)
        .fetch_one(store.pool())
        .await?)
}

/// The person's notice `id` (`None` for an unknown id or another person's).
pub async fn get_for_person(store: &Store, person_id: &str, id: &str) -> anyhow::Result<Option<Notice>> {
    let sql = format!("SELECT {COLUMNS} FROM notices WHERE id = $1 AND person_id = $2");
    let row = sqlx::query(&sql).bind(id).bind(person_id).fetch_optional(store.pool()).await?;
    row.map(|r| from_row(&r)).transpose()
}

/// Marks the person's notice read (once: the first time stays the time it was read);
/// `false` for an unknown id or another person's.
pub async fn mark_read(store: &Store, person_id: &str, id: &str, now: DateTime<Utc>) -> anyhow::Result<bool> {
    sqlx::query("UPDATE notices SET read_at = $1 WHERE id = $2 AND person_id = $3 AND read_at IS NULL")
        .bind(instant_text(now))
        .bind(id)
        .bind(person_id)
        .execute(store.pool())
        .await?;
    Ok(get_for_person(store, person_id, id).await?.is_some())
}

/// The notice announcing an application's result, if there is one yet.
pub async fn for_application(store: &Store, application_id: &str) -> anyhow::Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT id FROM notices WHERE application_id = $1")
        .bind(application_id)
        .fetch_optional(store.pool())
        .await?)
}

/// Linked people whose licence expires between `from` and `to` (inclusive), with their
/// holding status, birth date (the window opens a month before the birthday) and expiry
/// date; the caller applies the domain rule.
pub async fn license_expiries(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
) -> anyhow::Result<Vec<(String, HoldingStatus, NaiveDate, NaiveDate)>> {
    let rows = sqlx::query(
        "SELECT id, status, birth_date, valid_until FROM persons \
         WHERE linked = $1 AND valid_until IS NOT NULL AND valid_until >= $2 AND valid_until <= $3 ORDER BY seq",
    )
    .bind(true)
    .bind(date_text(from))
    .bind(date_text(to))
    .fetch_all(store.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let id: String = r.try_get("id")?;
            let status: String = r.try_get("status")?;
            let birth: String = r.try_get("birth_date")?;
            let until: String = r.try_get("valid_until")?;
            let status = HoldingStatus::from_code(&status).ok_or_else(|| anyhow!("{id}: unknown status {status}"))?;
            Ok((id, status, parse_date("birth_date", &birth)?, parse_date("valid_until", &until)?))
        })
        .collect()
}

/// Linked people whose holding status receives notices, with their one-stop consent's
/// (住所変更ワンストップサービス等) 有効期限; the caller applies the domain rule.
pub async fn consent_expiries(store: &Store) -> anyhow::Result<Vec<(String, NaiveDate)>> {
    Ok(super::onestop::consents_with_status(store)
        .await?
        .into_iter()
        .filter(|(_, linked, status, _)| {
            *linked && domain::eligibility::allows(*status, domain::eligibility::Service::Notices)
        })
        .map(|(person, _, _, consent)| (person, consent.expires_on))
        .collect())
}

pub async fn delete_all(conn: &mut Conn) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM notices").execute(conn).await?;
    Ok(())
}

fn from_row(r: &DbRow) -> anyhow::Result<Notice> {
    let id: String = r.try_get("id")?;
    let kind: String = r.try_get("kind")?;
    let created_at: String = r.try_get("created_at")?;
    let read_at: Option<String> = r.try_get("read_at")?;
    Ok(Notice {
        kind: NoticeKind::from_code(&kind).ok_or_else(|| anyhow!("{id}: unknown notice kind {kind}"))?,
        person_id: r.try_get("person_id")?,
        title: r.try_get("title")?,
        body: r.try_get("body")?,
        application_id: r.try_get("application_id")?,
        created_at: parse_instant("created_at", &created_at)?,
        read_at: read_at.map(|t| parse_instant("read_at", &t)).transpose()?,
        id,
    })
}
