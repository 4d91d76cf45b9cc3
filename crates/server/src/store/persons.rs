//! People as the driver registry knows them: every field of SPEC §4.4, including the
//! hidden ones (本籍, 運転経歴区分) that only their own endpoints hand out.

use std::sync::LazyLock;

use super::DbRow;
use anyhow::{anyhow, Context};
use chrono::{DateTime, NaiveDate, Utc};
use domain::{ColorClass, HoldingStatus};
use sqlx::Row;

use super::{date_text, instant_text, parse_date, Conn, Store};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub kana: String,
    pub alias_name: String,
    pub former_name: String,
    pub birth_date: NaiveDate,
    pub address: String,
    pub honseki: String,
    pub sex: String,
    pub status: HoldingStatus,
    pub linked: bool,
    pub registered_on: NaiveDate,
    pub number: String,
    pub kinds: Vec<String>,
    pub date_two_small_moped: Option<NaiveDate>,
    pub date_other: Option<NaiveDate>,
    pub date_second_class: Option<NaiveDate>,
    pub remarks: Vec<String>,
    /// Licence or driving-history specific fields; always matches `status.is_license()`.
    pub record: RecordKind,
    pub signing_cert_submitted: bool,
    pub koseki_history: bool,
    /// The record number (`number`) the link was made with; `None` while not linked.
    /// Another number than the registry's now means the link is stale
    /// ([`Person::link_is_stale`]).
    pub linked_number: Option<String>,
}

impl Person {
    /// Linked to a record the driver registry no longer holds as the person's: the licence
    /// lapsed or was revoked and a new one was acquired (manual 2章①-1 補足). The portal
    /// shows nothing of either record until the person links again (issue 30).
    pub fn link_is_stale(&self) -> bool {
        self.linked && self.linked_number.as_deref() != Some(self.number.as_str())
    }

    /// Linked to the record the registry holds now.
    pub fn link_is_current(&self) -> bool {
        self.linked && !self.link_is_stale()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordKind {
    License { color: ColorClass, valid_until: NaiveDate, conditions: Vec<String> },
    History { recorded_on: NaiveDate, history_class: String },
}

const COLUMNS: &str = "id, name, kana, alias_name, former_name, birth_date, address, honseki, sex, \
    status, linked, registered_on, number, kinds, date_two_small_moped, date_other, \
    date_second_class, remarks, color, valid_until, conditions, recorded_on, history_class, \
    signing_cert_submitted, koseki_history, linked_number";
/// The BOOLEAN columns (selected as 0/1, see `store::select_list`).
const FLAGS: [&str; 3] = ["linked", "signing_cert_submitted", "koseki_history"];

pub async fn get(store: &Store, id: &str) -> anyhow::Result<Option<Person>> {
    static SQL: LazyLock<String> =
        LazyLock::new(|| format!("SELECT {} FROM persons WHERE id = $1", super::select_list(COLUMNS, "", &FLAGS)));
    let row = sqlx::query(&SQL).bind(id).fetch_optional(store.pool()).await?;
    row.map(|r| from_row(&r)).transpose()
}

/// The person a live session belongs to, its last use, and whether the token was replaced
/// by a rotation (in its grace): the session lookup of `sessions::person_for` and [`get`]
/// in one statement, as this runs on every personal request.
pub async fn for_session(
    store: &Store,
    token_hash: &str,
    now: DateTime<Utc>,
    idle_cutoff: DateTime<Utc>,
) -> anyhow::Result<Option<(Person, DateTime<Utc>, bool)>> {
    static SQL: LazyLock<String> = LazyLock::new(|| {
        let columns = [super::select_list(COLUMNS, "p.", &FLAGS)];
        format!(
            "SELECT {}, COALESCE(s.last_seen_at, s.created_at) AS session_seen, \
             CASE WHEN s.replaced_at IS NULL THEN 0 ELSE 1 END AS session_replaced \
             FROM sessions s JOIN persons p ON p.id = s.person_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND COALESCE(s.last_seen_at, s.created_at) > $3",
            columns.join(", ")
        )
    });
    let row = sqlx::query(&SQL)
        .bind(token_hash)
        .bind(instant_text(now))
        .bind(instant_text(idle_cutoff))
        .fetch_optional(store.pool())
        .await?;
    row.map(|r| {
        let seen = super::parse_instant("sessions.last_seen_at", &r.try_get::<String, _>("session_seen")?)?;
        let replaced = r.try_get::<i64, _>("session_replaced")? != 0;
        Ok((from_row(&r)?, seen, replaced))
    })
    .transpose()
}

/// Everyone, in a stable order (insertion order, which is the seed table's).
pub async fn list(store: &Store) -> anyhow::Result<Vec<Person>> {
    let sql = format!("SELECT {} FROM persons ORDER BY seq", super::select_list(COLUMNS, "", &FLAGS));
    let rows = sqlx::query(&sql).fetch_all(store.pool()).await?;
    rows.iter().map(from_row).collect()
}

/// [`count`] inside `conn`'s transaction.
pub async fn count_in(conn: &mut Conn) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM persons").fetch_one(conn).await?)
}

pub async fn count(store: &Store) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM persons").fetch_one(store.pool()).await?)
}

/// Links (to the record held now) or unlinks, whatever the state was (demo and tests).
pub async fn set_linked(store: &Store, id: &str, linked: bool) -> anyhow::Result<bool> {
    let sql = if linked {
        "UPDATE persons SET linked = TRUE, linked_number = number WHERE id = $1"
    } else {
        "UPDATE persons SET linked = FALSE, linked_number = NULL WHERE id = $1"
    };
    let done = sqlx::query(sql).bind(id).execute(store.pool()).await?;
    Ok(done.rows_affected() == 1)
}

/// Links (`true`) or unlinks someone who is not in that state yet, inside `conn`'s
/// transaction; false when they already were (a concurrent request won).
///
/// Linking takes the record number the registry holds now, in the same statement, and
/// also applies to a stale link (issue 30), which it replaces: one link, to the new
/// record. Unlinking ends a current or a stale link.
pub async fn change_link(conn: &mut Conn, id: &str, linked: bool) -> anyhow::Result<bool> {
    let sql = if linked {
        "UPDATE persons SET linked = TRUE, linked_number = number WHERE id = $1 \
         AND (linked = FALSE OR linked_number IS NULL OR linked_number <> number)"
    } else {
        "UPDATE persons SET linked = FALSE, linked_number = NULL WHERE id = $1 AND linked = TRUE"
    };
    let done = sqlx::query(sql).bind(id).execute(conn).await?;
    Ok(done.rows_affected() == 1)
}

/// 戸籍連携履歴 from now on (a 本籍 application was accepted), inside `conn`'s transaction.
pub async fn set_koseki_history(conn: &mut Conn, id: &str) -> anyhow::Result<()> {
    sqlx::query("UPDATE persons SET koseki_history = TRUE WHERE id = $1").bind(id).execute(conn).await?;
    Ok(())
}

/// The licence's 本籍, read and changed inside the worker's transaction (the driver
/// registry's demo side, crate::adapters::registry).
pub async fn honseki_in(conn: &mut Conn, id: &str) -> anyhow::Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT honseki FROM persons WHERE id = $1").bind(id).fetch_optional(conn).await?)
}

pub async fn set_honseki(conn: &mut Conn, id: &str, honseki: &str) -> anyhow::Result<bool> {
    let done =
        sqlx::query("UPDATE persons SET honseki = $1 WHERE id = $2").bind(honseki).bind(id).execute(conn).await?;
    Ok(done.rows_affected() == 1)
}

/// The person's holding status and whether the link is current (a stale link, issue 30,
/// counts as none), read inside `conn`'s transaction (the worker).
pub async fn holding_in(conn: &mut Conn, id: &str) -> anyhow::Result<Option<(HoldingStatus, bool)>> {
    const SQL: &str = "SELECT status, CASE WHEN linked = TRUE AND linked_number = number THEN 1 ELSE 0 END AS linked \
        FROM persons WHERE id = $1";
    let Some(row) = sqlx::query(SQL).bind(id).fetch_optional(conn).await? else {
        return Ok(None);
    };
    let (status, linked): (String, bool) = (row.try_get("status")?, super::flag(&row, "linked")?);
    Ok(HoldingStatus::from_code(&status).map(|s| (s, linked)))
}

pub async fn delete_all(conn: &mut Conn) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM persons").execute(conn).await?;
    Ok(())
}

pub async fn insert(conn: &mut Conn, p: &Person) -> anyhow::Result<()> {
    let (color, valid_until, conditions, recorded_on, history_class) = match &p.record {
        RecordKind::License { color, valid_until, conditions } => {
            (Some(color.code()), Some(date_text(*valid_until)), Some(json(conditions)), None, None)
        }
        RecordKind::History { recorded_on, history_class } => {
            (None, None, None, Some(date_text(*recorded_on)), Some(history_class.clone()))
        }
    };
    let seq = super::next_seq(&mut *conn, "persons").await?;
    let sql = format!(
        "INSERT INTO persons (seq, {COLUMNS}) VALUES ($26, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
         $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $27)"
    );
    sqlx::query(&sql)
        .bind(&p.id)
        .bind(&p.name)
        .bind(&p.kana)
        .bind(&p.alias_name)
        .bind(&p.former_name)
        .bind(date_text(p.birth_date))
        .bind(&p.address)
        .bind(&p.honseki)
        .bind(&p.sex)
        .bind(p.status.code())
        .bind(p.linked)
        .bind(date_text(p.registered_on))
        .bind(&p.number)
        .bind(json(&p.kinds))
        .bind(p.date_two_small_moped.map(date_text))
        .bind(p.date_other.map(date_text))
        .bind(p.date_second_class.map(date_text))
        .bind(json(&p.remarks))
        .bind(color)
        .bind(valid_until)
        .bind(conditions)
        .bind(recorded_on)
        .bind(history_class)
        .bind(p.signing_cert_submitted)
        .bind(p.koseki_history)
        .bind(seq)
        .bind(&p.linked_number)
        .execute(conn)
        .await
        .with_context(|| format!("inserting person {}", p.id))?;
    Ok(())
}

fn json(list: &[String]) -> String {
    serde_json::to_string(list).expect("a list of strings serialises")
}

fn from_row(r: &DbRow) -> anyhow::Result<Person> {
    let text = |c: &str| -> anyhow::Result<String> { Ok(r.try_get::<String, _>(c)?) };
    let opt_text = |c: &str| -> anyhow::Result<Option<String>> { Ok(r.try_get::<Option<String>, _>(c)?) };
    let date = |c: &str| parse_date(c, &text(c)?);
    let opt_date = |c: &str| opt_text(c)?.map(|s| parse_date(c, &s)).transpose();
    let list = |c: &str| -> anyhow::Result<Vec<String>> {
        serde_json::from_str(&text(c)?).with_context(|| format!("{c}: not a JSON list"))
    };
    let id = text("id")?;
    let status_code = text("status")?;
    let status = HoldingStatus::from_code(&status_code).ok_or_else(|| anyhow!("{id}: unknown status {status_code}"))?;
    let record = if status.is_license() {
        let color_code = opt_text("color")?.ok_or_else(|| anyhow!("{id}: licence without colour"))?;
        let conditions = opt_text("conditions")?.unwrap_or_else(|| "[]".into());
        RecordKind::License {
            color: ColorClass::from_code(&color_code).ok_or_else(|| anyhow!("{id}: unknown colour {color_code}"))?,
            valid_until: opt_date("valid_until")?.ok_or_else(|| anyhow!("{id}: licence without expiry"))?,
            conditions: serde_json::from_str(&conditions).context("conditions: not a JSON list")?,
        }
    } else {
        RecordKind::History {
            recorded_on: opt_date("recorded_on")?.ok_or_else(|| anyhow!("{id}: history without recorded_on"))?,
            history_class: opt_text("history_class")?.unwrap_or_default(),
        }
    };
    Ok(Person {
        name: text("name")?,
        kana: text("kana")?,
        alias_name: text("alias_name")?,
        former_name: text("former_name")?,
        birth_date: date("birth_date")?,
        address: text("address")?,
        honseki: text("honseki")?,
        sex: text("sex")?,
        status,
        linked: super::flag(r, "linked")?,
        registered_on: date("registered_on")?,
        number: text("number")?,
        kinds: list("kinds")?,
        date_two_small_moped: opt_date("date_two_small_moped")?,
        date_other: opt_date("date_other")?,
        date_second_class: opt_date("date_second_class")?,
        remarks: list("remarks")?,
        record,
        signing_cert_submitted: super::flag(r, "signing_cert_submitted")?,
        koseki_history: super::flag(r, "koseki_history")?,
        linked_number: opt_text("linked_number")?,
        id,
    })
}
