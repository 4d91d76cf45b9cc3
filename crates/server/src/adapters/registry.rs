//! The driver registry (運転者管理システム): the licence record of the National Police
//! Agency's system, behind the [`Registry`] trait with two implementations:
//!
//! * [`DemoRegistry`]: the `persons` table, the demo's copy of the record;
//! * [`HttpRegistry`]: a JSON-over-HTTP client of docs/CONTRACT-registry.md, with a timeout
//!   per request, bounded retries with backoff, and an idempotency key on every write.
//!
//! Which one runs is the configuration's (`--registry-url`, [`from_config`]). The worker
//! calls the registry before its own transaction and commits the result after it
//! (crate::worker, docs/CONTRACT-registry.md "Order"): an external system cannot join a
//! local transaction, so a write carries a key derived from the application
//! ([`idempotency_key`]) and a retry after a crash or a lost answer cannot apply twice.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::http_json::{CallError, Endpoint, JsonClient};
use crate::config::Config;
use crate::store::{persons, Store};

/// A boxed future, so the trait can be used as `Arc<dyn Registry>`.
pub type Call<'a, T> = Pin<Box<dyn Future<Output = Result<T, RegistryError>> + Send + 'a>>;

/// A 本籍 change for the licence record (the worker's, from a processed application).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HonsekiChange {
    pub person_id: String,
    pub honseki: String,
    /// 筆頭者氏名 as the koseki record gave it (the registry keeps it with the 本籍).
    pub head_name: String,
    /// [`idempotency_key`] of the application: the same change sent again is the same write.
    #[serde(skip)]
    pub idempotency_key: String,
}

/// What the registry did with a write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    /// Applied now.
    Now,
    /// Applied by an earlier request with the same idempotency key (a retry).
    Earlier,
}

/// Why a registry call failed. [`RegistryError::Unavailable`] is the only one a later try
/// can cure: the worker keeps the application 処理中 and tries again, and the person is
/// told 「しばらくしてから」 (crate::error::ApiError::Unavailable).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistryError {
    /// Timed out, refused the connection, or answered 429/502/503/504, on every try.
    Unavailable(String),
    /// The registry holds no record for the person (404 `person_not_found`).
    PersonNotFound,
    /// The registry refused the request (a 4xx with its `code`): a bug on one side, not
    /// cured by waiting.
    Refused { status: u16, code: String },
    /// An answer outside the contract (not JSON, a missing field, another status).
    Contract(String),
}

impl std::fmt::Display for RegistryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unavailable(why) => write!(f, "the driver registry is unavailable: {why}"),
            Self::PersonNotFound => write!(f, "the driver registry has no such person"),
            Self::Refused { status, code } => write!(f, "the driver registry refused the request: {status} {code}"),
            Self::Contract(why) => write!(f, "the driver registry answered outside its contract: {why}"),
        }
    }
}

impl std::error::Error for RegistryError {}

impl From<CallError> for RegistryError {
    fn from(e: CallError) -> Self {
        match e {
            CallError::Unavailable(why) => Self::Unavailable(why),
            CallError::Refused { status: 404, code } if code == "person_not_found" => Self::PersonNotFound,
            CallError::Refused { status, code } => Self::Refused { status, code },
            CallError::Contract(why) => Self::Contract(why),
        }
    }
}

impl From<RegistryError> for crate::error::ApiError {
    fn from(e: RegistryError) -> Self {
        match e {
            RegistryError::Unavailable(why) => {
                tracing::warn!(%why, "driver registry unavailable");
                Self::Unavailable(crate::error::External::Registry)
            }
            other => Self::Internal(anyhow::Error::new(other)),
        }
    }
}

/// The driver registry's operations the portal uses.
pub trait Registry: Send + Sync + std::fmt::Debug {
    /// Records the new 本籍 on the person's licence, once per idempotency key.
    fn set_honseki<'a>(&'a self, change: &'a HonsekiChange) -> Call<'a, Applied>;
}

/// The key a write for application `application_id` carries: the same for every try of
/// that application (the worker's retries, another instance's), different for any other.
pub fn idempotency_key(application_id: &str) -> String {
    format!("application-{application_id}")
}

/// The configured registry: the HTTP client when `--registry-url` is set (in either mode),
/// else the demo's table. Production without a URL is refused before this
/// (crate::production).
pub fn from_config(config: &Config, store: &Store) -> Arc<dyn Registry> {
    match &config.registry_url {
        Some(endpoint) => Arc::new(HttpRegistry::new(endpoint.clone(), config.external_timeout)),
        None => Arc::new(DemoRegistry { store: store.clone() }),
    }
}

/// The demo's registry: the `persons` table. A write is its own transaction (committed
/// before the worker's, like a remote registry's), and setting the same 本籍 again changes
/// nothing, so a retry is harmless without keeping keys.
#[derive(Clone)]
pub struct DemoRegistry {
    pub store: Store,
}

impl std::fmt::Debug for DemoRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DemoRegistry")
    }
}

impl Registry for DemoRegistry {
    fn set_honseki<'a>(&'a self, change: &'a HonsekiChange) -> Call<'a, Applied> {
        Box::pin(async move {
            let unavailable = |e: anyhow::Error| RegistryError::Unavailable(format!("{e:#}"));
            let mut tx = self.store.begin().await.map_err(|e| unavailable(e.into()))?;
            if !persons::set_honseki(&mut tx, &change.person_id, &change.honseki).await.map_err(unavailable)? {
                return Err(RegistryError::PersonNotFound);
            }
            tx.commit().await.map_err(|e| unavailable(e.into()))?;
            Ok(Applied::Now)
        })
    }
}

/// The contract's client (docs/CONTRACT-registry.md).
#[derive(Clone, Debug)]
pub struct HttpRegistry {
    client: JsonClient,
}

/// `PUT {base}/v1/persons/{person_id}/honseki`'s answer.
#[derive(Deserialize)]
struct HonsekiAnswer {
    honseki: String,
    replayed: bool,
}

impl HttpRegistry {
    pub fn new(endpoint: Endpoint, timeout: Duration) -> HttpRegistry {
        HttpRegistry { client: JsonClient::new(endpoint, timeout) }
    }

    /// With its retry policy changed (tests: short pauses).
    pub fn with_backoff(mut self, tries: u32, first_pause: Duration) -> HttpRegistry {
        self.client = self.client.with_backoff(tries, first_pause);
        self
    }
}

impl Registry for HttpRegistry {
    fn set_honseki<'a>(&'a self, change: &'a HonsekiChange) -> Call<'a, Applied> {
        Box::pin(async move {
            let path = format!("/v1/persons/{}/honseki", super::http_json::segment(&change.person_id));
            let answer: HonsekiAnswer =
                self.client.put_idempotent(&path, &change.idempotency_key, change).await?.json()?;
            if answer.honseki != change.honseki {
                return Err(RegistryError::Contract(format!(
                    "the answer's honseki is not the one sent (key {})",
                    change.idempotency_key
                )));
            }
            Ok(if answer.replayed { Applied::Earlier } else { Applied::Now })
        })
    }
}
