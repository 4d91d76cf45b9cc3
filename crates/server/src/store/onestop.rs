//! 住所変更ワンストップサービス等: consents (one row per person, none = all 未同意) and the
//! changes J-LIS forwards, waiting for the worker.

use super::DbRow;
use anyhow::{anyhow, Context};
use chrono::{DateTime, NaiveDate, Utc};
use domain::onestop::{Consent, ConsentItem, ConsentItems};
use domain::HoldingStatus;
use sqlx::Row;

use super::{date_text, instant_text, parse_date, Conn, Store};

fn consent_from_row(r: &DbRow) -> anyhow::Result<Consent> {
    let on: String = r.try_get("consented_on")?;
    let until: String = r.try_get("expires_on")?;
    Ok(Consent {
        items: ConsentItems {
            address: super::flag(r, "address")?,
            name: super::flag(r, "name")?,
            birth_date: super::flag(r, "birth_date")?,
        },
        consented_on: parse_date("consented_on", &on)?,
        expires_on: parse_date("expires_on", &until)?,
    })
}

const CONSENT_COLUMNS: &str = "address, name, birth_date, consented_on, expires_on";
/// The BOOLEAN columns of `onestop_consents` (selected as 0/1, see `store::select_list`).
const CONSENT_FLAGS: [&str; 3] = ["address", "name", "birth_date"];

pub async fn consent(store: &Store, person_id: &str) -> anyhow::Result<Option<Consent>> {
    let mut conn = store.pool().acquire().await?;
    consent_in(&mut conn, person_id).await
}

/// The consent, read inside a transaction (the worker's).
pub async fn consent_in(conn: &mut Conn, person_id: &str) -> anyhow::Result<Option<Consent>> {
    let sql = format!(
        "SELECT {} FROM onestop_consents WHERE person_id = $1",
        super::select_list(CONSENT_COLUMNS, "", &CONSENT_FLAGS)
    );
    let row = sqlx::query(&sql).bind(person_id).fetch_optional(conn).await?;
    row.map(|r| consent_from_row(&r)).transpose()
}

/// Stores `consent` as the person's (replacing any earlier one). All-未同意 is never stored:
/// it deletes instead.
pub async fn put_consent(
    conn: &mut Conn,
    person_id: &str,
    consent: &Consent,
    application_id: Option<&str>,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    if !consent.items.any() {
        return delete_consent(conn, person_id).await.map(|_| ());
    }
    sqlx::query(
        "INSERT INTO onestop_consents (person_id, address, name, birth_date, consented_on, expires_on, application_id, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (person_id) DO UPDATE SET address = excluded.address, name = excluded.name, \
         birth_date = excluded.birth_date, consented_on = excluded.consented_on, expires_on = excluded.expires_on, \
         application_id = excluded.application_id, updated_at = excluded.updated_at",
    )
    .bind(person_id)
    .bind(consent.items.address)
    .bind(consent.items.name)
    .bind(consent.items.birth_date)
    .bind(date_text(consent.consented_on))
    .bind(date_text(consent.expires_on))
    .bind(application_id)
    .bind(instant_text(now))
    .execute(conn)
    .await
    .with_context(|| format!("storing the one-stop consent of {person_id}"))?;
    Ok(())
}

/// Removes the person's consent; true when there was one.
pub async fn delete_consent(conn: &mut Conn, person_id: &str) -> anyhow::Result<bool> {
    let done = sqlx::query("DELETE FROM onestop_consents WHERE person_id = $1").bind(person_id).execute(conn).await?;
    Ok(done.rows_affected() > 0)
}

/// Every stored consent with its person's link state and holding status (for the
/// consent-expiry notice).
pub async fn consents_with_status(store: &Store) -> anyhow::Result<Vec<(String, bool, HoldingStatus, Consent)>> {
    let sql = format!(
        "SELECT c.person_id, CAST(p.linked AS INTEGER) AS linked, p.status, {} \
         FROM onestop_consents c JOIN persons p ON p.id = c.person_id ORDER BY p.seq",
        super::select_list(CONSENT_COLUMNS, "c.", &CONSENT_FLAGS)
    );
    let rows = sqlx::query(&sql).fetch_all(store.pool()).await?;
    rows.iter()
        .map(|r| {
            let id: String = r.try_get("person_id")?;
            let status: String = r.try_get("status")?;
            let status = HoldingStatus::from_code(&status).ok_or_else(|| anyhow!("{id}: unknown status {status}"))?;
            Ok((id, super::flag(r, "linked")?, status, consent_from_row(r)?))
        })
        .collect()
}

pub async fn delete_all(conn: &mut Conn) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM jlis_changes").execute(&mut *conn).await?;
    sqlx::query("DELETE FROM onestop_consents").execute(&mut *conn).await?;
    Ok(())
}

// ---- J-LIS changes ----

/// A change of basic information forwarded by J-LIS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub id: String,
    pub person_id: String,
    pub address: Option<String>,
    pub name: Option<String>,
    pub birth_date: Option<NaiveDate>,
}

impl Change {
    /// The items this change touches, in the manual's order.
    pub fn items(&self) -> Vec<ConsentItem> {
        ConsentItem::ALL
            .into_iter()
            .filter(|i| match i {
                ConsentItem::Address => self.address.is_some(),
                ConsentItem::Name => self.name.is_some(),
                ConsentItem::BirthDate => self.birth_date.is_some(),
            })
            .collect()
    }
}

pub async fn insert_change(store: &Store, change: &Change, now: DateTime<Utc>) -> anyhow::Result<()> {
    let mut tx = store.begin().await?;
    let seq = super::next_seq(&mut tx, "jlis_changes").await?;
    sqlx::query(
        "INSERT INTO jlis_changes (id, seq, person_id, address, name, birth_date, received_at, processed_at, applied) \
         VALUES ($1, $7, $2, $3, $4, $5, $6, NULL, NULL)",
    )
    .bind(&change.id)
    .bind(&change.person_id)
    .bind(&change.address)
    .bind(&change.name)
    .bind(change.birth_date.map(date_text))
    .bind(instant_text(now))
    .bind(seq)
    .execute(&mut *tx)
    .await
    .context("storing a J-LIS change")?;
    tx.commit().await?;
    Ok(())
}

/// Ids of the changes not processed yet, oldest first.
pub async fn pending_changes(store: &Store) -> anyhow::Result<Vec<String>> {
    Ok(sqlx::query_scalar("SELECT id FROM jlis_changes WHERE processed_at IS NULL ORDER BY seq")
        .fetch_all(store.pool())
        .await?)
}

/// Claims a change for processing: the conditional write that makes it happen at most
/// once, first in the worker's transaction (so it holds the write lock before reading).
pub async fn claim_change(conn: &mut Conn, id: &str, now: DateTime<Utc>) -> anyhow::Result<bool> {
    let done = sqlx::query("UPDATE jlis_changes SET processed_at = $1 WHERE id = $2 AND processed_at IS NULL")
        .bind(instant_text(now))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Records which items of a claimed change reached the licence record.
pub async fn set_applied(conn: &mut Conn, id: &str, applied: &[ConsentItem]) -> anyhow::Result<()> {
    let codes: Vec<&str> = applied.iter().map(|i| i.code()).collect();
    sqlx::query("UPDATE jlis_changes SET applied = $1 WHERE id = $2")
        .bind(serde_json::to_string(&codes)?)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn change_in(conn: &mut Conn, id: &str) -> anyhow::Result<Option<Change>> {
    let row = sqlx::query("SELECT id, person_id, address, name, birth_date FROM jlis_changes WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.map(|r| {
        let birth: Option<String> = r.try_get("birth_date")?;
        Ok(Change {
            id: r.try_get("id")?,
            person_id: r.try_get("person_id")?,
            address: r.try_get("address")?,
            name: r.try_get("name")?,
            birth_date: birth.map(|b| parse_date("birth_date", &b)).transpose()?,
        })
    })
    .transpose()
}

/// Writes the consented items of a change to the licence record (the driver registry),
/// with a 備考 line per item as the record notes changes, registered as of `today`.
pub async fn apply_to_record(
    conn: &mut Conn,
    change: &Change,
    items: &[ConsentItem],
    remark_date: &str,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let remarks: String = sqlx::query_scalar("SELECT remarks FROM persons WHERE id = $1")
        .bind(&change.person_id)
        .fetch_one(&mut *conn)
        .await?;
    let mut remarks: Vec<String> = serde_json::from_str(&remarks).context("remarks: not a JSON list")?;
    for item in items {
        let (sql, value) = match item {
            ConsentItem::Address => ("UPDATE persons SET address = $1 WHERE id = $2", change.address.clone()),
            ConsentItem::Name => ("UPDATE persons SET name = $1 WHERE id = $2", change.name.clone()),
            ConsentItem::BirthDate => {
                ("UPDATE persons SET birth_date = $1 WHERE id = $2", change.birth_date.map(date_text))
            }
        };
        let Some(value) = value else { continue };
        sqlx::query(sql).bind(value.trim()).bind(&change.person_id).execute(&mut *conn).await?;
        remarks.push(format!("{}変更 {remark_date}", item.label()));
    }
    sqlx::query("UPDATE persons SET remarks = $1, registered_on = $2 WHERE id = $3")
        .bind(serde_json::to_string(&remarks)?)
        .bind(date_text(today))
        .bind(&change.person_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
