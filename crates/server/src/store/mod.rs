//! Storage behind one small interface (SPEC §6), on SQLite (the embedded default) or
//! PostgreSQL (several instances on one database, issue 17). The pool is sqlx's `Any`, so
//! every function below is written once and runs on both.
//!
//! # Writing a store function for both engines
//!
//! - Take `store: &Store` (use `store.pool()`) or `conn: &mut Conn`, and write the SQL once
//!   with `$1, $2, …` placeholders. Bind only `&str`/`String`, `i64`, `bool` and `Option`s
//!   of them (what `Any` carries); instants and dates go in as text ([`instant_text`],
//!   [`date_text`]), lists and objects as JSON text.
//! - Read rows as [`DbRow`] (`sqlx::any::AnyRow`) with `row.try_get::<String, _>("col")`,
//!   `i64` for integers; read a BOOLEAN with [`flag`] / [`opt_flag`] (SQLite hands 0/1
//!   back), never as `bool` in a `query_as` tuple.
//! - Portable SQL only: `INSERT … ON CONFLICT (…) DO NOTHING / DO UPDATE SET x =
//!   excluded.x` (never `INSERT OR IGNORE/REPLACE`), `TRUE`/`FALSE` (never `0`/`1` for
//!   flags), `RETURNING`, `COALESCE`, `CASE`; no SQLite or PostgreSQL date functions
//!   (compare the ISO text), no `MIN(a, b)`/`LEAST`, no `AUTOINCREMENT`/`SERIAL`.
//! - A `seq` column for ordering takes [`next_seq`] (a row of `counters`), not
//!   `MAX(seq) + 1`, which two PostgreSQL transactions can both read.
//! - A step that must happen once starts its transaction with a conditional write (`UPDATE
//!   … WHERE status = $n`): SQLite takes its write lock there, PostgreSQL a row lock, and
//!   the loser of a race sees 0 rows. Where the engines must differ (`FOR UPDATE SKIP
//!   LOCKED`), branch on [`Backend::of`] inside the store function.
//! - Migrations: `migrations/NNNN_name.sql` in the same portable SQL; new columns that
//!   hold `i64` values are `BIGINT`. Only when one text cannot serve both, put the
//!   PostgreSQL text in `migrations/postgres/` under the same name (it replaces the
//!   common one on PostgreSQL) and say why at its top.
//!
//! A store file written for the SQLite-only store (in the style of `challenges.rs`, which
//! needed no change) adapts mechanically: `sqlx::sqlite::SqliteRow` → [`DbRow`]; a BOOLEAN
//! column in a SELECT → [`select_list`] or `CAST(col AS INTEGER) AS col`, read with
//! [`flag`] (binding a `bool` is fine); `(SELECT COALESCE(MAX(seq), 0) + 1 …)` → a bound
//! [`next_seq`] (add the counter's row in a migration); a migration's INTEGER column for
//! i64 values → BIGINT; a per-row in-process `Mutex` that must hold across instances →
//! [`hold_lock`] inside it.

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
pub mod rate_buckets;
pub mod sessions;
pub mod settings;

use std::path::Path;
use std::time::Duration;

use anyhow::{bail, Context};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Executor};

/// The database engine as the store's functions see it: sqlx's `Any`, which forwards each
/// query as written to SQLite or PostgreSQL. Handlers never name it, so the engine is a
/// matter of `store/` and the `--database-url`.
pub type Db = sqlx::Any;
pub type Conn = sqlx::AnyConnection;
pub type DbRow = AnyRow;

/// Which engine a store is on. Only `store/` asks, and only where the two must differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// The embedded default (`<data-dir>/demo.sqlite3`, `cargo xtask demo`): one instance.
    Sqlite,
    /// `--database-url postgres://…`: any number of instances on one database.
    Postgres,
}

impl Backend {
    /// The engine behind a connection (`AnyConnection::backend_name`).
    pub fn of(conn: &Conn) -> Backend {
        if conn.backend_name().to_ascii_lowercase().starts_with("postgres") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

/// The migrations, one ordered list for both engines (`migrations/NNNN_*.sql`). A version
/// whose SQL cannot be written once for both has its PostgreSQL text in
/// `migrations/postgres/` under the same file name, which replaces the common one there
/// (see [`postgres_migrator`]); everything else is shared.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");
static POSTGRES_OVERRIDES: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// The common list with PostgreSQL's own text where `migrations/postgres/` has one.
fn postgres_migrator() -> sqlx::migrate::Migrator {
    let migrations: Vec<sqlx::migrate::Migration> = MIGRATOR
        .migrations
        .iter()
        .map(|m| POSTGRES_OVERRIDES.migrations.iter().find(|o| o.version == m.version).unwrap_or(m).clone())
        .collect();
    sqlx::migrate::Migrator { migrations: migrations.into(), ..sqlx::migrate::Migrator::DEFAULT }
}

/// The database to open: a SQLite file (created with its directory), or a URL
/// (`sqlite:…`, `postgres://…`). `Config::database_target` says which one a run uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseTarget {
    File(std::path::PathBuf),
    Url(String),
}

impl std::fmt::Display for DatabaseTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DatabaseTarget::File(path) => write!(f, "{}", path.display()),
            DatabaseTarget::Url(url) => f.write_str(url),
        }
    }
}

/// A filesystem path as the path part of a `sqlite://` URL.
fn sqlite_url(path: &Path) -> String {
    let p = path.to_string_lossy().replace('%', "%25").replace('?', "%3F").replace('#', "%23");
    format!("sqlite://{p}?mode=rwc")
}

impl Store {
    /// Opens (creating the SQLite file and its directory if needed) and migrates the
    /// database. Several instances may open one PostgreSQL database at once: sqlx's
    /// migrator holds an advisory lock, so each migration runs once.
    pub async fn open(target: &DatabaseTarget) -> anyhow::Result<Store> {
        sqlx::any::install_default_drivers();
        let (url, backend) = match target {
            DatabaseTarget::File(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("creating data directory {}", dir.display()))?;
                }
                (sqlite_url(path), Backend::Sqlite)
            }
            DatabaseTarget::Url(url) if url.starts_with("sqlite:") => {
                let rest = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
                let (file, params) = rest.split_once('?').unwrap_or((rest, ""));
                if let Some(dir) = Path::new(file).parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).ok();
                }
                let params = if params.contains("mode=") {
                    params.to_string()
                } else if params.is_empty() {
                    "mode=rwc".to_string()
                } else {
                    format!("{params}&mode=rwc")
                };
                (format!("sqlite://{file}?{params}"), Backend::Sqlite)
            }
            DatabaseTarget::Url(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                (url.clone(), Backend::Postgres)
            }
            DatabaseTarget::Url(url) => {
                let scheme = url.split(':').next().unwrap_or_default();
                bail!("--database-url: unsupported database '{scheme}' (sqlite: or postgres://)")
            }
        };
        let options: AnyConnectOptions = url.parse().context("parsing --database-url")?;
        let pool = match backend {
            Backend::Sqlite => {
                AnyPoolOptions::new()
                    .max_connections(8)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            // sqlx's defaults already give foreign_keys=ON and a 5 s busy
                            // timeout. WAL lets readers run beside the one writer; FULL makes
                            // a committed answer (e.g. an application 受付済) survive power
                            // loss, as SPEC §6 asks.
                            conn.execute("PRAGMA busy_timeout = 5000").await?;
                            conn.execute("PRAGMA journal_mode = WAL").await?;
                            conn.execute("PRAGMA synchronous = FULL").await?;
                            conn.execute("PRAGMA foreign_keys = ON").await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await
                    .context("opening the SQLite database")?
            }
            Backend::Postgres => AnyPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(options)
                .await
                .context("connecting to the PostgreSQL database")?,
        };
        let migrated = match backend {
            Backend::Sqlite => MIGRATOR.run(&pool).await,
            Backend::Postgres => postgres_migrator().run(&pool).await,
        };
        migrated.context("migrating the database")?;
        Ok(Store { pool, backend })
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, Db>, sqlx::Error> {
        self.pool.begin().await
    }

    /// Lets WAL contents reach the main file before the process exits.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// The application's tables (not sqlx's own), sorted: for tests that walk every table.
    #[cfg(any(test, feature = "test-support"))]
    pub async fn table_names(&self) -> anyhow::Result<Vec<String>> {
        let sql = match self.backend {
            Backend::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
                 AND name NOT LIKE '_sqlx%' ORDER BY name"
            }
            Backend::Postgres => {
                "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_name NOT LIKE '_sqlx%' ORDER BY table_name"
            }
        };
        Ok(sqlx::query_scalar(sql).fetch_all(&self.pool).await?)
    }

    /// A table's columns in their order.
    pub async fn column_names(&self, table: &str) -> anyhow::Result<Vec<String>> {
        let sql = match self.backend {
            Backend::Sqlite => "SELECT name FROM pragma_table_info($1) ORDER BY cid",
            Backend::Postgres => {
                "SELECT CAST(column_name AS TEXT) FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position"
            }
        };
        Ok(sqlx::query_scalar(sql).bind(table).fetch_all(&self.pool).await?)
    }
}

/// A BOOLEAN column. PostgreSQL answers a boolean; SQLite keeps BOOLEAN as 0/1, which
/// sqlx's `Any` hands over as an integer.
pub fn flag(row: &AnyRow, column: &str) -> anyhow::Result<bool> {
    use sqlx::Row;
    match row.try_get::<bool, _>(column) {
        Ok(b) => Ok(b),
        Err(_) => Ok(row.try_get::<i64, _>(column).with_context(|| format!("{column}: not a boolean"))? != 0),
    }
}

/// A failure the store can name, beyond "the database failed": the one place that reads
/// SQLSTATE codes. What the API answers for each is error.rs's business.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The database refused a text value it cannot store: PostgreSQL refuses U+0000 in
    /// TEXT (SQLSTATE 22021); SQLite stores it. Such a value matches no row.
    UnstorableText,
}

impl StoreError {
    /// The named failure somewhere in `e`'s chain, if there is one.
    pub fn of(e: &anyhow::Error) -> Option<StoreError> {
        e.chain().find_map(|c| match c.downcast_ref::<sqlx::Error>() {
            Some(sqlx::Error::Database(d)) => match d.code().as_deref() {
                Some("22021") => Some(StoreError::UnstorableText),
                _ => None,
            },
            _ => None,
        })
    }
}

/// A SELECT list of `columns` (comma-separated), each prefixed with `prefix` (`"p."` or
/// `""`), the BOOLEAN ones among `flags` read as `CAST(… AS INTEGER)`: sqlx's `Any`
/// refuses a row with a column SQLite declared BOOLEAN, so a boolean is selected as 0/1
/// on both engines and read with [`flag`].
pub fn select_list(columns: &str, prefix: &str, flags: &[&str]) -> String {
    columns
        .split(',')
        .map(str::trim)
        .map(
            |c| {
                if flags.contains(&c) {
                    format!("CAST({prefix}{c} AS INTEGER) AS {c}")
                } else {
                    format!("{prefix}{c}")
                }
            },
        )
        .collect::<Vec<_>>()
        .join(", ")
}

/// A nullable BOOLEAN column (see [`flag`]).
pub fn opt_flag(row: &AnyRow, column: &str) -> anyhow::Result<Option<bool>> {
    use sqlx::Row;
    match row.try_get::<Option<bool>, _>(column) {
        Ok(b) => Ok(b),
        Err(_) => Ok(row
            .try_get::<Option<i64>, _>(column)
            .with_context(|| format!("{column}: not a boolean"))?
            .map(|v| v != 0)),
    }
}

/// A lock every instance sees, held until it is dropped (or [`Held::release`]d): on
/// PostgreSQL a row of `counters` (`lock:<name>`) locked by an open transaction on a
/// connection of its own; on SQLite nothing — one process owns the file, and the caller's
/// in-process mutex already serialises it (and holding SQLite's single write lock across
/// the caller's own writes would deadlock them). Take the in-process mutex first, so at
/// most one connection per name and instance waits here.
pub async fn hold_lock(store: &Store, name: &str) -> anyhow::Result<Held> {
    if store.backend == Backend::Sqlite {
        return Ok(Held(None));
    }
    let mut tx = store.begin().await?;
    sqlx::query(
        "INSERT INTO counters (name, value) VALUES ($1, 0) \
         ON CONFLICT (name) DO UPDATE SET value = counters.value + 1",
    )
    .bind(format!("lock:{name}"))
    .execute(&mut *tx)
    .await
    .with_context(|| format!("taking lock {name}"))?;
    Ok(Held(Some(tx)))
}

/// See [`hold_lock`]. Dropping it rolls its transaction back, which releases the row.
pub struct Held(Option<sqlx::Transaction<'static, Db>>);

impl Held {
    pub async fn release(mut self) -> anyhow::Result<()> {
        if let Some(tx) = self.0.take() {
            tx.rollback().await?;
        }
        Ok(())
    }
}

/// The next value of a named counter (table `counters`, migration 0013): the `seq` of a
/// new row. `MAX(seq) + 1` is safe only where writers are serialised (SQLite); on
/// PostgreSQL two transactions would read the same maximum. The counter's row stays
/// locked until the transaction ends, so values are unique and follow commit order.
pub async fn next_seq(conn: &mut Conn, name: &str) -> anyhow::Result<i64> {
    let value: Option<i64> =
        sqlx::query_scalar("UPDATE counters SET value = value + 1 WHERE name = $1 RETURNING value")
            .bind(name)
            .fetch_optional(&mut *conn)
            .await
            .with_context(|| format!("counter {name}"))?;
    match value {
        Some(v) => Ok(v),
        None => bail!("counter {name} is missing (migration 0013)"),
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
