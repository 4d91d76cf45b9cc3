//! Submitting an application (SPEC §6): validated first (a refusal writes nothing), then
//! stored as 受付済 in one committed transaction (synchronous=FULL) before the answer, and
//! idempotent on the client's key. Later flows (本籍, ワンストップ, 講習) call [`submit`]
//! from their own handlers or post to `POST /api/applications`.

pub mod eligibility;
pub mod results;
pub mod routes;

pub use routes::routes;

use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chrono::{DateTime, Utc};
use domain::applications::{
    valid_document, valid_idempotency_key, ApplicationKind, ApplicationReceipt, ApplicationStatus,
};
use domain::card::SignedChallenge;
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
        HeaderValue::from_str(&format!("/api/applications/{}", submitted.receipt().id)).expect("ids are hex");
    let (status, replayed) = match &submitted {
        Submitted::Created(_) => (StatusCode::CREATED, "false"),
        Submitted::Replayed(_) => (StatusCode::OK, "true"),
    };
    let mut res = (status, Json(submitted.receipt().clone())).into_response();
    res.headers_mut().insert(header::LOCATION, location);
    res.headers_mut().insert(HeaderName::from_static("idempotent-replayed"), HeaderValue::from_static(replayed));
    res
}

/// Each person's signed submissions one at a time in this process: a double tap's second
/// request waits for the first, then finds its application by the idempotency key
/// ([`replayed`]) instead of failing on the used challenge. One lock per person (issue 24:
/// one lock for everyone serialised every person's submissions, and was held while
/// waiting on the database); a person's entry goes when nobody holds or waits for it.
static SIGNED_SUBMISSIONS: std::sync::LazyLock<SubmissionLocks> = std::sync::LazyLock::new(Default::default);

type SubmissionLocks = std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<tokio::sync::Mutex<()>>>>;

fn person_lock(person_id: &str) -> std::sync::Arc<tokio::sync::Mutex<()>> {
    let mut locks = SIGNED_SUBMISSIONS.lock().expect("submission locks");
    // Drop the entries only the map holds (no turn held or awaited): bounded by the busy.
    locks.retain(|_, l| std::sync::Arc::strong_count(l) > 1);
    locks.entry(person_id.to_string()).or_default().clone()
}

/// The person's turn in this process and, for other instances on the same database, a
/// database lock per person (`store::hold_lock`): a double tap whose two requests reach
/// two instances is answered as on one — the second finds the first's application.
pub async fn one_signed_submission_at_a_time(state: &AppState, person_id: &str) -> ApiResult<SignedSubmissionTurn> {
    let here = person_lock(person_id).lock_owned().await;
    let everywhere = crate::store::hold_lock(&state.store, &format!("signed:{person_id}")).await?;
    Ok(SignedSubmissionTurn { _everywhere: everywhere, _here: here })
}

/// Held for the whole signed submission; released when dropped.
pub struct SignedSubmissionTurn {
    _everywhere: crate::store::Held,
    _here: tokio::sync::OwnedMutexGuard<()>,
}

/// The key was used already (a double tap, or a retry after a lost answer): the same
/// application again. Checked before the signature, whose challenge the first request used
/// up, so "the same request" is judged against what the first one stored: the same kind,
/// the same card signature, and whatever else the flow sent beside it (`same_request`,
/// e.g. the one-stop items). Anything else under a used key is refused (409), as
/// `POST /api/applications` refuses another document.
pub async fn replayed(
    state: &AppState,
    person: &Person,
    key: &str,
    kind: ApplicationKind,
    signed: &SignedChallenge,
    same_request: impl FnOnce(&Application) -> bool,
) -> ApiResult<Option<Response>> {
    if !valid_idempotency_key(key) {
        return Err(ApiError::InvalidIdempotencyKey);
    }
    let Some(existing) = store::find_by_key(&state.store, &person.id, key).await? else {
        return Ok(None);
    };
    let same_signature = crate::phone_credential::answer_signature(signed)
        .is_some_and(|sig| existing.signature.as_deref() == Some(B64.encode(sig).as_str()));
    if existing.kind == kind && same_signature && same_request(&existing) {
        Ok(Some(answer(Submitted::Replayed(receipt(&existing)))))
    } else {
        Err(ApiError::IdempotencyKeyReused)
    }
}

/// The signature over the document the server issued for `purpose`, by the session
/// person's signing certificate (the card's) or phone signing credential: the document,
/// and the signature as it is stored.
pub async fn verify_signed_answer(
    state: &AppState,
    person: &Person,
    purpose: &str,
    signed: &SignedChallenge,
) -> ApiResult<(String, Signature)> {
    let (verified, sig) = crate::phone_credential::verify_step(state, person, purpose, signed).await?;
    let stored = Signature { signature: B64.encode(&sig), certificate_serial: verified.serial };
    Ok((verified.document, stored))
}

/// The card signature over the canonical document, once the signing flows provide it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    /// Base64 of the PKCS#1 v1.5 signature.
    pub signature: String,
    /// Serial number of the signing certificate that made it.
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

/// Validates and durably stores an application for `person`, then wakes the worker.
///
/// The same `idempotency_key` from the same person answers with the application it first
/// made (its current status), however often and however concurrently it is sent; sent
/// with a different kind or document it is refused (`idempotency_key_reused`).
pub async fn submit(
    state: &AppState,
    person: &Person,
    kind: ApplicationKind,
    document: &str,
    idempotency_key: &str,
    signature: Option<&Signature>,
) -> ApiResult<Submitted> {
    let now = state.clock.now(&state.store).await?;
    validate(state, person, kind, document, idempotency_key, now)?;

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
            signature: signature.map(|s| s.signature.as_str()),
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

fn validate(
    state: &AppState,
    person: &Person,
    kind: ApplicationKind,
    document: &str,
    idempotency_key: &str,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    if !valid_idempotency_key(idempotency_key) {
        return Err(ApiError::InvalidIdempotencyKey);
    }
    if !valid_document(document) {
        return Err(ApiError::InvalidDocument);
    }
    eligibility::check(state.config.demo, person, kind, tokyo_date(now))
}
