//! Storage behind one small interface (SPEC §6). SQLite today; the SQL is kept portable
//! (`$N` placeholders, TEXT ids and dates, BOOLEAN, JSON-as-TEXT lists) so a PostgreSQL
//! pool can slot in behind the same functions for multi-instance deployments.

pub mod applications;
pub mod audit;
pub mod card_readers;
pub mod cards;
pub mod challenges;
pub mod flow_states;
pub mod koseki;
pub mod lecture;
pub mod notices;
pub mod onestop;
pub mod persons;
pub mod phone_credentials;
pub mod pki;
pub mod sessions;
pub mod settings;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::{bail, Context};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use crate::config::DatabaseTarget;

/// The database engine in use; handlers never name it, so swapping it touches only `store/`.
pub type Db = sqlx::Sqlite;
pub type Conn = sqlx::SqliteConnection;

#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens (creating the file and its directory if needed) and migrates the database.
    pub async fn open(target: &DatabaseTarget) -> anyhow::Result<Store> {
        let options = match target {
            DatabaseTarget::File(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("creating data directory {}", dir.display()))?;
                }
                SqliteConnectOptions::new().filename(path)
            }
            DatabaseTarget::Url(url) if url.starts_with("sqlite:") => {
                let options = SqliteConnectOptions::from_str(url).context("parsing --database-url")?;
                if let Some(dir) = Path::new(options.get_filename()).parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).ok();
                }
                options
            }
            DatabaseTarget::Url(url) => {
                let scheme = url.split(':').next().unwrap_or_default();
                bail!("--database-url: unsupported database '{scheme}' (only sqlite: for now)")
            }
        };
        let options = options
            .create_if_missing(true)
            // WAL lets readers run beside the one writer; FULL makes a committed answer
            // (e.g. an application 受付済) survive power loss, as SPEC §6 asks.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .context("opening the SQLite database")?;
        sqlx::migrate!("./migrations").run(&pool).await.context("migrating the database")?;
        Ok(Store { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, Db>, sqlx::Error> {
        self.pool.begin().await
    }

    /// Lets WAL contents reach the main file before the process exits.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Instants are stored as `YYYY-MM-DDTHH:MM:SSZ` in UTC so that text order is time order.
pub fn instant_text(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

pub fn date_text(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn parse_date(column: &str, s: &str) -> anyhow::Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").with_context(|| format!("{column}: bad date {s:?}"))
}

pub fn parse_instant(column: &str, s: &str) -> anyhow::Result<chrono::DateTime<chrono::Utc>> {
    Ok(chrono::DateTime::parse_from_rfc3339(s)
        .with_context(|| format!("{column}: bad instant {s:?}"))?
        .with_timezone(&chrono::Utc))
}

/// A new random id (128 bits, hex): unguessable, so ids in URLs reveal nothing.
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
