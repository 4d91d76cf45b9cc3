//! The one path of a signed submission (issue 27): every application the person signs
//! with the card or the phone signing credential (本籍, ワンストップ start/renew, cancel)
//! is submitted by [`submit_signed`], which takes these steps in this order:
//!
//! | step | what | refused with |
//! |------|------|--------------|
//! | 1 | the `Idempotency-Key`, well-formed | `idempotency_key_required` / `invalid_idempotency_key` |
//! | 2 | the person's turn: one signed submission at a time, here and on every instance | — (waits) |
//! | 3 | a key used already: the same request again is the same application (200) | `idempotency_key_reused` |
//! | 4 | eligibility (SPEC §3), once | `not_eligible` (or the flow's own code) |
//! | 5 | the flow's rules before the signature ([`SignedFlow::ready`]) | the flow's codes |
//! | 6 | the signature: the card's, or the phone's ([`signature::verify_step`]) | the signature's / phone's codes |
//! | 7 | the signed document names what the flow expects ([`SignedFlow::names`]) | the flow's code |
//! | 8 | stored as 受付済 (201) | — |
//! | 9 | what the flow does after ([`SignedFlow::after`]), then the session rotated | — |
//!
//! A flow says only what is its own ([`SignedFlow`]); the phone check is behind
//! [`signature::PhoneCheck`], so this module names no flow.

use std::future::Future;

use axum::http::HeaderMap;
use axum::response::Response;
use chrono::{DateTime, Utc};
use domain::applications::{valid_document, valid_idempotency_key, ApplicationKind};
use domain::card::SignedChallenge;
use domain::dates::tokyo_date;

use super::{answer, eligibility, idempotency_key, receipt, store_new, Signature, Submitted};
use crate::error::{ApiError, ApiResult};
use crate::session::CurrentSession;
use crate::signature;
use crate::store::applications::{self as store, Application};
use crate::store::persons::Person;
use crate::AppState;

/// What one signed flow adds to the shared path.
pub trait SignedFlow: Sync {
    /// The application it submits.
    const KIND: ApplicationKind;
    /// The purpose of the challenge its document is issued under.
    const PURPOSE: &'static str;
    /// What the flow's rules found before the signature (e.g. the koseki record the
    /// document must name).
    type Ready: Send;

    /// Beyond the kind and the signature, is this the request that first used the key
    /// (e.g. the same one-stop items)?
    fn same_request(&self, _first: &Application) -> bool {
        true
    }

    /// The flow's own refusal for a person not eligible (SPEC §3), if it has one.
    fn not_eligible(&self) -> ApiError {
        ApiError::NotEligible
    }

    /// The flow's rules, in its step table's order, checked before the signature (which
    /// uses up the challenge, so a refusal here leaves it answerable).
    fn ready(
        &self,
        state: &AppState,
        session: &CurrentSession,
        signed: &SignedChallenge,
        now: DateTime<Utc>,
    ) -> impl Future<Output = ApiResult<Self::Ready>> + Send;

    /// The signed document names exactly what the flow expects.
    fn names(&self, ready: &Self::Ready, person: &Person, document: &str) -> ApiResult<()>;

    /// After the application is stored: what the flow keeps is done with.
    fn after(&self, state: &AppState, session: &CurrentSession) -> impl Future<Output = ApiResult<()>> + Send;
}

/// A signed application, by the one path of this module's table: 201 with the new
/// application and a rotated session (a card signature is a re-authentication), or 200
/// with the one this key already made.
pub async fn submit_signed<F: SignedFlow>(
    state: &AppState,
    session: &CurrentSession,
    headers: &HeaderMap,
    signed: &SignedChallenge,
    flow: &F,
) -> ApiResult<Response> {
    let key = idempotency_key(headers)?;
    if !valid_idempotency_key(key) {
        return Err(ApiError::InvalidIdempotencyKey);
    }
    let person = &session.person;
    let _turn = one_signed_submission_at_a_time(state, &person.id).await?;
    // A double tap or a retry finds the application its first request made, although
    // that request has used up the challenge and ended the flow's steps.
    if let Some(first) = store::find_by_key(&state.store, &person.id, key).await? {
        return replayed(&first, F::KIND, signed, flow);
    }
    let now = state.clock.now(&state.store).await?;
    match eligibility::check(state.config.demo, person, F::KIND, tokyo_date(now)) {
        Err(ApiError::NotEligible) => return Err(flow.not_eligible()),
        checked => checked?,
    }
    let ready = flow.ready(state, session, signed, now).await?;
    let (verified, bytes) = signature::verify_step(state, signed, F::PURPOSE, &person.id).await?;
    flow.names(&ready, person, &verified.document)?;
    if !valid_document(&verified.document) {
        return Err(ApiError::InvalidDocument);
    }
    let signature = Signature { bytes, certificate_serial: verified.serial };
    let submitted = store_new(state, person, F::KIND, &verified.document, key, Some(&signature), now).await?;
    flow.after(state, session).await?;
    crate::session::with_rotated(state, headers, answer(submitted)).await
}

/// The key was used already (a double tap, or a retry after a lost answer): the same
/// application again. Judged before the signature, whose challenge the first request used
/// up, against what the first one stored: the same kind, the same signature's bytes, and
/// whatever else the flow sent beside it ([`SignedFlow::same_request`]). Anything else
/// under a used key is refused (409), as `POST /api/applications` refuses another document.
fn replayed<F: SignedFlow>(
    first: &Application,
    kind: ApplicationKind,
    signed: &SignedChallenge,
    flow: &F,
) -> ApiResult<Response> {
    let same_signature =
        signature::answer_bytes(signed).is_some_and(|bytes| first.signature.as_deref() == Some(bytes.as_slice()));
    if first.kind == kind && same_signature && flow.same_request(first) {
        Ok(answer(Submitted::Replayed(receipt(first))))
    } else {
        Err(ApiError::IdempotencyKeyReused)
    }
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
