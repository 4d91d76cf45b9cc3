//! The link/unlink audit trail. Append-only: nothing here updates or deletes.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::{parse_instant, Conn, Store};
use crate::ids::new_id;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkAction {
    Link,
    /// Linking again over a stale link, which it replaces (issue 30).
    Relink,
    Unlink,
}

impl LinkAction {
    fn code(self) -> &'static str {
        match self {
            Self::Link => "link",
            Self::Relink => "relink",
            Self::Unlink => "unlink",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    pub person_id: String,
    pub action: String,
    pub outcome: String,
    pub cert_serial: Option<String>,
    pub at: DateTime<Utc>,
}

/// Records one attempt; `outcome` is `ok` or the refusal's problem code.
pub async fn record(
    conn: &mut Conn,
    person_id: &str,
    action: LinkAction,
    outcome: &str,
    cert_serial: Option<&str>,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO link_audit (id, person_id, action, outcome, cert_serial, at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(new_id())
    .bind(person_id)
    .bind(action.code())
    .bind(outcome)
    .bind(cert_serial)
    // Microseconds, so that two attempts in the same second still sort in order.
    .bind(Utc::now().format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string())
    .execute(conn)
    .await?;
    Ok(())
}

/// One person's entries, oldest first (for tests and support staff).
pub async fn for_person(store: &Store, person_id: &str) -> anyhow::Result<Vec<AuditEntry>> {
    let rows = sqlx::query(
        "SELECT person_id, action, outcome, cert_serial, at FROM link_audit WHERE person_id = $1 ORDER BY at, id",
    )
    .bind(person_id)
    .fetch_all(store.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(AuditEntry {
                person_id: r.try_get("person_id")?,
                action: r.try_get("action")?,
                outcome: r.try_get("outcome")?,
                cert_serial: r.try_get("cert_serial")?,
                at: parse_instant("at", &r.try_get::<String, _>("at")?)?,
            })
        })
        .collect()
}
