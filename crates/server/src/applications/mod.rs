//! Submitting an application (SPEC §6): validated first (a refusal writes nothing), then
//! stored as 受付済 in one committed transaction (synchronous=FULL) before the answer, and
//! idempotent on the client's key. The signed flows (本籍, ワンストップ start/renew and
//! cancel) submit through the one path of [`signed`]; the lecture site calls [`submit`];
//! everything else posts to `POST /api/applications`.

pub mod eligibility;
pub mod results;
pub mod routes;
pub mod signed;

pub use routes::routes;

use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use domain::applications::{
    valid_document, valid_idempotency_key, ApplicationKind, ApplicationReceipt, ApplicationStatus,
};
use domain::dates::tokyo_date;

use crate::error::{ApiError, ApiResult};
use crate::ids::new_id;
use crate::store::applications::{self as store, Application, NewApplication};
use crate::store::persons::Person;
use crate::AppState;

/// How processing ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// 完了
    Completed,
    /// 却下, with the reason the person is told.
    Rejected(String),
}

/// Kinds only their flow submits: the lecture site, when the lecture is complete.
pub fn submitted_by_its_flow(kind: ApplicationKind) -> bool {
    kind == ApplicationKind::OnlineLecture
}

/// Kinds that only their own signed endpoints may submit (never the plain
/// `POST /api/applications`): the card signature is part of the application.
pub fn requires_signature(kind: ApplicationKind) -> bool {
    matches!(
        kind,
        ApplicationKind::OnestopConsent | ApplicationKind::OnestopConsentCancel | ApplicationKind::HonsekiChange
    )
}

pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// The request's `Idempotency-Key`, required on every submission.
pub fn idempotency_key(headers: &HeaderMap) -> ApiResult<&str> {
    let value = headers.get(IDEMPOTENCY_KEY).ok_or(ApiError::IdempotencyKeyRequired)?;
    value.to_str().map_err(|_| ApiError::InvalidIdempotencyKey)
}

/// 201 with the new application (its `Location`), or 200 with the one the key already
/// made; `Idempotent-Replayed` says which. Every submission route answers this way.
pub fn answer(submitted: Submitted) -> Response {
    let location =
        HeaderValue::from_str(&::routes::api::applications_id(&submitted.receipt().id)).expect("ids are hex");
    let (status, replayed) = match &submitted {
        Submitted::Created(_) => (StatusCode::CREATED, "false"),
        Submitted::Replayed(_) => (StatusCode::OK, "true"),
    };
    let mut res = (status, Json(submitted.receipt().clone())).into_response();
    res.headers_mut().insert(header::LOCATION, location);
    res.headers_mut().insert(HeaderName::from_static("idempotent-replayed"), HeaderValue::from_static(replayed));
    res
}

/// The card's (or the phone credential's) signature an application stores with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    /// The signature's bytes (PKCS#1 v1.5, or the phone assertion's).
    pub bytes: Vec<u8>,
    /// Serial number of the signing certificate that made it (for a phone signature, the
    /// card certificate that registered the phone).
    pub certificate_serial: String,
}

/// A new application, or the one this idempotency key already made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Submitted {
    Created(ApplicationReceipt),
    Replayed(ApplicationReceipt),
}

impl Submitted {
    pub fn receipt(&self) -> &ApplicationReceipt {
        match self {
            Submitted::Created(r) | Submitted::Replayed(r) => r,
        }
    }
}

pub fn receipt(app: &Application) -> ApplicationReceipt {
    ApplicationReceipt {
        id: app.id.clone(),
        receipt_no: app.receipt_no.clone(),
        kind: app.kind,
        status: app.status,
        submitted_at: app.created_at,
    }
}

/// Validates and durably stores an unsigned application for `person` (`POST
/// /api/applications`, the lecture site): eligibility checked here. A signed one goes
/// through [`signed::submit_signed`].
pub async fn submit(
    state: &AppState,
    person: &Person,
    kind: ApplicationKind,
    document: &str,
    idempotency_key: &str,
) -> ApiResult<Submitted> {
    let now = state.clock.now(&state.store).await?;
    if !valid_idempotency_key(idempotency_key) {
        return Err(ApiError::InvalidIdempotencyKey);
    }
    if !valid_document(document) {
        return Err(ApiError::InvalidDocument);
    }
    eligibility::check(state.config.demo, person, kind, tokyo_date(now))?;
    store_new(state, person, kind, document, idempotency_key, None, now).await
}

/// Durably stores an application whose person was found eligible, then wakes the worker.
///
/// The same `idempotency_key` from the same person answers with the application it first
/// made (its current status), however often and however concurrently it is sent; sent
/// with a different kind or document it is refused (`idempotency_key_reused`).
async fn store_new(
    state: &AppState,
    person: &Person,
    kind: ApplicationKind,
    document: &str,
    idempotency_key: &str,
    signature: Option<&Signature>,
    now: DateTime<Utc>,
) -> ApiResult<Submitted> {
    let id = new_id();
    // A receipt number taken already (one in 10^11) fails the insert: try another.
    let mut receipt_no = store::new_receipt_no();
    let mut inserted = None;
    for _ in 0..3 {
        let mut tx = state.store.begin().await?;
        let new = NewApplication {
            id: &id,
            receipt_no: &receipt_no,
            person_id: &person.id,
            kind,
            document,
            signature: signature.map(|s| s.bytes.as_slice()),
            certificate_serial: signature.map(|s| s.certificate_serial.as_str()),
            idempotency_key,
            now,
        };
        let outcome = store::insert_new(&mut tx, &new).await;
        match outcome {
            Ok(true) => {
                tx.commit().await?;
                inserted = Some(true);
                break;
            }
            Ok(false) => {
                tx.rollback().await?;
                inserted = Some(false);
                break;
            }
            Err(e) if format!("{e:#}").contains("receipt_no") => receipt_no = store::new_receipt_no(),
            Err(e) => return Err(e.into()),
        }
    }
    match inserted {
        Some(true) => {
            state.worker.wake();
            return Ok(Submitted::Created(ApplicationReceipt {
                id,
                receipt_no,
                kind,
                status: ApplicationStatus::Accepted,
                submitted_at: now,
            }));
        }
        Some(false) => {}
        None => return Err(anyhow::anyhow!("no free receipt number after three tries").into()),
    }
    // The key was used before (perhaps a moment ago, by a concurrent request that won
    // the UNIQUE constraint): answer with that application.
    let existing = store::find_by_key(&state.store, &person.id, idempotency_key)
        .await?
        .ok_or_else(|| anyhow::anyhow!("idempotency key conflict without a row"))?;
    if existing.kind != kind || existing.document != document {
        return Err(ApiError::IdempotencyKeyReused);
    }
    Ok(Submitted::Replayed(receipt(&existing)))
}
