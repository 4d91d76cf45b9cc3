//! The koseki system: 本籍 and 筆頭者氏名 as the person's koseki e-certificate gives them
//! (manual 3章② step 8). In production the portal obtains a 戸籍電子証明書提供用識別符号
//! through the Ministry of Justice's 戸籍情報連携システム, here through the contract's
//! `GET …/koseki` (docs/CONTRACT-registry.md "The koseki system"); the demo reads a table
//! seeded with one record per demo person. Behind the [`Koseki`] trait, like the registry.
//!
//! A read happens while the person waits (step 8, and again before signing), so an
//! unavailable system is answered at once: 503 `koseki_unavailable` 「しばらくしてから」;
//! the steps the person has done are kept (the flow's state), so nothing is lost.

use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;

use super::http_json::{CallError, Endpoint, JsonClient};
use crate::config::Config;
use crate::store::koseki::{self, KosekiRow};
use crate::store::Store;

/// Why a koseki read failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KosekiError {
    /// Timed out, no connection, or 429/5xx on every try: try again later.
    Unavailable(String),
    /// Refused (a 4xx other than "no record") or answered outside the contract.
    Failed(String),
}

impl std::fmt::Display for KosekiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unavailable(why) => write!(f, "the koseki system is unavailable: {why}"),
            Self::Failed(why) => write!(f, "the koseki system failed: {why}"),
        }
    }
}

impl std::error::Error for KosekiError {}

impl From<CallError> for KosekiError {
    fn from(e: CallError) -> Self {
        match e {
            CallError::Unavailable(why) => Self::Unavailable(why),
            other => Self::Failed(format!("{other:?}")),
        }
    }
}

impl From<KosekiError> for crate::error::ApiError {
    fn from(e: KosekiError) -> Self {
        match e {
            KosekiError::Unavailable(why) => {
                tracing::warn!(%why, "koseki system unavailable");
                Self::Unavailable(crate::error::External::Koseki)
            }
            other => Self::Internal(anyhow::Error::new(other)),
        }
    }
}

/// A read of the koseki system.
pub type Read<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, KosekiError>> + Send + 'a>>;

pub trait Koseki: Send + Sync + std::fmt::Debug {
    /// The person's record, or `None` when the koseki system has none for them.
    fn record<'a>(&'a self, person_id: &'a str) -> Read<'a, Option<KosekiRow>>;
}

/// The configured koseki system: the HTTP client when `--koseki-url` is set, else the
/// demo's table (production without a URL is refused before this, crate::production).
pub fn from_config(config: &Config, store: &Store) -> Arc<dyn Koseki> {
    match &config.koseki_url {
        Some(endpoint) => Arc::new(HttpKoseki { client: JsonClient::new(endpoint.clone(), config.external_timeout) }),
        None => Arc::new(DemoKoseki { store: store.clone() }),
    }
}

/// `koseki_records`, seeded by the demo (crate::demo::seed::koseki_records).
#[derive(Clone)]
pub struct DemoKoseki {
    pub store: Store,
}

impl std::fmt::Debug for DemoKoseki {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DemoKoseki")
    }
}

impl Koseki for DemoKoseki {
    fn record<'a>(&'a self, person_id: &'a str) -> Read<'a, Option<KosekiRow>> {
        Box::pin(async move {
            koseki::get(&self.store, person_id).await.map_err(|e| KosekiError::Unavailable(format!("{e:#}")))
        })
    }
}

/// The contract's client.
#[derive(Clone, Debug)]
pub struct HttpKoseki {
    client: JsonClient,
}

impl HttpKoseki {
    pub fn new(endpoint: Endpoint, timeout: Duration) -> HttpKoseki {
        HttpKoseki { client: JsonClient::new(endpoint, timeout) }
    }
}

#[derive(Deserialize)]
struct RecordAnswer {
    honseki: String,
    head_name: String,
}

impl Koseki for HttpKoseki {
    fn record<'a>(&'a self, person_id: &'a str) -> Read<'a, Option<KosekiRow>> {
        Box::pin(async move {
            let path = format!("/v1/persons/{}/koseki", super::http_json::segment(person_id));
            match self.client.get(&path).await {
                Ok(answer) => {
                    let r: RecordAnswer = answer.json()?;
                    Ok(Some(KosekiRow { honseki: r.honseki, head_name: r.head_name }))
                }
                Err(CallError::Refused { status: 404, code }) if code == "koseki_not_found" => Ok(None),
                Err(e) => Err(e.into()),
            }
        })
    }
}
