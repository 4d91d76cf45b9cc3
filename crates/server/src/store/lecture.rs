//! オンライン講習: tickets, the lecture site's sessions, and progress (migration 0007);
//! tickets and lecture-site sessions bound to a portal session chain (migration 0016).

use chrono::{DateTime, NaiveDate, Utc};
use domain::eligibility::LectureClass;
use domain::lecture::Lang;

use super::{date_text, instant_text, parse_date, parse_instant, Conn, Store};

pub async fn insert_ticket(
    store: &Store,
    hash: &str,
    person_id: &str,
    portal_chain: &str,
    expires_at: DateTime<Utc>,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO lecture_tickets (token_hash, person_id, expires_at, used, portal_chain) \
         VALUES ($1, $2, $3, FALSE, $4)",
    )
    .bind(hash)
    .bind(person_id)
    .bind(instant_text(expires_at))
    .bind(portal_chain)
    .execute(store.pool())
    .await?;
    Ok(())
}

/// Uses the ticket up: its person and portal chain, if it was unused and not expired —
/// once, however many requests race for it.
pub async fn take_ticket(
    store: &Store,
    hash: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<(String, Option<String>)>> {
    Ok(sqlx::query_as(
        "UPDATE lecture_tickets SET used = TRUE WHERE token_hash = $1 AND used = FALSE AND expires_at > $2 \
         RETURNING person_id, portal_chain",
    )
    .bind(hash)
    .bind(instant_text(now))
    .fetch_optional(store.pool())
    .await?)
}

pub async fn insert_session(
    store: &Store,
    hash: &str,
    person_id: &str,
    portal_chain: &str,
    expires_at: DateTime<Utc>,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO lecture_sessions (token_hash, person_id, expires_at, portal_chain) VALUES ($1, $2, $3, $4)",
    )
    .bind(hash)
    .bind(person_id)
    .bind(instant_text(expires_at))
    .bind(portal_chain)
    .execute(store.pool())
    .await?;
    Ok(())
}

/// The person of a lecture-site session that has not expired and belongs to the portal
/// session chain `portal_chain`.
pub async fn session_person(
    store: &Store,
    hash: &str,
    portal_chain: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT person_id FROM lecture_sessions WHERE token_hash = $1 AND portal_chain = $2 AND expires_at > $3",
    )
    .bind(hash)
    .bind(portal_chain)
    .bind(instant_text(now))
    .fetch_optional(store.pool())
    .await?)
}

/// Ends a lecture-site session (its portal session ended, or is another person's now).
pub async fn delete_session(store: &Store, hash: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM lecture_sessions WHERE token_hash = $1").bind(hash).execute(store.pool()).await?;
    Ok(())
}

/// Housekeeping: tickets used or expired, and lecture-site sessions expired, before `now`.
pub async fn delete_expired(store: &Store, now: DateTime<Utc>) -> anyhow::Result<u64> {
    let tickets = sqlx::query("DELETE FROM lecture_tickets WHERE used = TRUE OR expires_at <= $1")
        .bind(instant_text(now))
        .execute(store.pool())
        .await?;
    // Expired, or their portal session is gone (a logout, a login by someone else).
    let sessions = sqlx::query(
        "DELETE FROM lecture_sessions WHERE expires_at <= $1 OR portal_chain IS NULL OR portal_chain NOT IN \
         (SELECT chain_id FROM sessions WHERE chain_id IS NOT NULL)",
    )
    .bind(instant_text(now))
    .execute(store.pool())
    .await?;
    Ok(tickets.rows_affected() + sessions.rows_affected())
}

/// One person's lecture for one renewal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    pub person_id: String,
    pub expiry: NaiveDate,
    pub class: LectureClass,
    pub lang: Lang,
    pub chapters_done: u32,
    pub chapter_started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
}

fn class_code(c: LectureClass) -> &'static str {
    match c {
        LectureClass::Good => "good",
        LectureClass::General => "general",
    }
}

type Row = (String, String, String, String, i64, Option<String>, Option<String>);
const COLUMNS: &str = "person_id, expiry, class, lang, chapters_done, chapter_started_at, completed_at";

fn from_row(r: Row) -> anyhow::Result<Progress> {
    let (person_id, expiry, class, lang, done, started, completed) = r;
    Ok(Progress {
        person_id,
        expiry: parse_date("expiry", &expiry)?,
        class: if class == "good" { LectureClass::Good } else { LectureClass::General },
        lang: Lang::from_code(&lang).unwrap_or_default(),
        chapters_done: u32::try_from(done).unwrap_or(0),
        chapter_started_at: started.map(|s| parse_instant("chapter_started_at", &s)).transpose()?,
        completed_at: completed.map(|s| parse_instant("completed_at", &s)).transpose()?,
    })
}

pub async fn progress(store: &Store, person_id: &str, expiry: NaiveDate) -> anyhow::Result<Option<Progress>> {
    let mut conn = store.pool().acquire().await?;
    progress_in(&mut conn, person_id, expiry).await
}

pub async fn progress_in(conn: &mut Conn, person_id: &str, expiry: NaiveDate) -> anyhow::Result<Option<Progress>> {
    let sql = format!("SELECT {COLUMNS} FROM lecture_progress WHERE person_id = $1 AND expiry = $2");
    let row: Option<Row> = sqlx::query_as(&sql).bind(person_id).bind(date_text(expiry)).fetch_optional(conn).await?;
    row.map(from_row).transpose()
}

/// The lecture for this renewal, started if it was not (the class as the rule gives it now).
pub async fn start(store: &Store, person_id: &str, expiry: NaiveDate, class: LectureClass) -> anyhow::Result<Progress> {
    sqlx::query(
        "INSERT INTO lecture_progress (person_id, expiry, class, lang, chapters_done) VALUES ($1, $2, $3, 'ja', 0) \
         ON CONFLICT (person_id, expiry) DO NOTHING",
    )
    .bind(person_id)
    .bind(date_text(expiry))
    .bind(class_code(class))
    .execute(store.pool())
    .await?;
    progress(store, person_id, expiry).await?.ok_or_else(|| anyhow::anyhow!("lecture progress vanished"))
}

pub async fn set_lang(store: &Store, person_id: &str, expiry: NaiveDate, lang: Lang) -> anyhow::Result<()> {
    sqlx::query("UPDATE lecture_progress SET lang = $1 WHERE person_id = $2 AND expiry = $3")
        .bind(lang.code())
        .bind(person_id)
        .bind(date_text(expiry))
        .execute(store.pool())
        .await?;
    Ok(())
}

/// The current chapter's content begins now, unless it began already.
pub async fn mark_chapter_started(store: &Store, p: &Progress, now: DateTime<Utc>) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE lecture_progress SET chapter_started_at = $1 \
         WHERE person_id = $2 AND expiry = $3 AND chapter_started_at IS NULL",
    )
    .bind(instant_text(now))
    .bind(&p.person_id)
    .bind(date_text(p.expiry))
    .execute(store.pool())
    .await?;
    Ok(())
}

/// Chapter `done` answered right: the next one has not begun. `completed_at` when it was
/// the last. False when another request moved the progress first.
pub async fn advance(
    conn: &mut Conn,
    p: &Progress,
    done: u32,
    completed_at: Option<DateTime<Utc>>,
) -> anyhow::Result<bool> {
    let moved = sqlx::query(
        "UPDATE lecture_progress SET chapters_done = $1, chapter_started_at = NULL, completed_at = $2 \
         WHERE person_id = $3 AND expiry = $4 AND chapters_done = $5",
    )
    .bind(i64::from(done))
    .bind(completed_at.map(instant_text))
    .bind(&p.person_id)
    .bind(date_text(p.expiry))
    .bind(i64::from(done) - 1)
    .execute(conn)
    .await?;
    Ok(moved.rows_affected() == 1)
}

pub async fn delete_all(conn: &mut Conn) -> anyhow::Result<()> {
    for table in ["lecture_tickets", "lecture_sessions", "lecture_progress"] {
        sqlx::query(&format!("DELETE FROM {table}")).execute(&mut *conn).await?;
    }
    Ok(())
}
