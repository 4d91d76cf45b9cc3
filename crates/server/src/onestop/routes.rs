//! `/api/onestop/…`: 住所変更ワンストップサービス等 (manual 3章③). Status; start / renew and
//! cancel, each a challenge over the document the person agrees to, then the signed
//! submission (idempotent on `Idempotency-Key`). Demo mode adds `POST /api/demo/jlis-change`.
//! The rules and their order are in [`crate::onestop`].

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use domain::applications::ApplicationKind;
use domain::card::{Challenge, SignedChallenge};
use domain::dates::tokyo_date;
use domain::onestop::{
    cancel_document, check_change, consent_document, is_cancel_document, parse_consent_document, ConsentItems,
    ConsentSelection, JlisChange, JlisChangeReceipt, OnestopFlow, OnestopStatus, SignedConsent,
};
use domain::wareki::wareki_date_time;

use super::{self as rules, steps, OnestopRefusal, PURPOSE_CANCEL, PURPOSE_CONSENT};
use crate::applications::eligibility;
use crate::applications::signed::{submit_signed, SignedFlow};
use crate::error::{ApiError, ApiResult};
use crate::ids::{new_id, nonce};
use crate::json::ApiJson;
use crate::rate_limit::{limited, unlimited, Class};
use crate::session::{CurrentPerson, CurrentSession};
use crate::signature;
use crate::store::applications::Application;
use crate::store::onestop::{self as store, Change};
use crate::store::persons::{self, Person};
use crate::AppState;
use routes::api;

pub fn routes() -> Router<AppState> {
    steps::routes()
        .route(api::ONESTOP, get(status).route_layer(unlimited()))
        .route(api::ONESTOP_CONSENT_CHALLENGE, post(consent_challenge).route_layer(limited(Class::Signing)))
        .route(api::ONESTOP_CONSENT, post(consent).route_layer(limited(Class::Signing)))
        .route(api::ONESTOP_CANCEL_CHALLENGE, post(cancel_challenge).route_layer(limited(Class::Signing)))
        .route(api::ONESTOP_CANCEL, post(cancel).route_layer(limited(Class::Signing)))
}

/// Demo mode only: the J-LIS side (a municipality changed someone's basic information).
pub fn demo_routes() -> Router<AppState> {
    Router::new().route(api::DEMO_JLIS_CHANGE, post(jlis_change).route_layer(unlimited()))
}

async fn status(State(state): State<AppState>, CurrentPerson(person): CurrentPerson) -> ApiResult<Json<OnestopStatus>> {
    rules::may_view(&person)?;
    let now = state.clock.now(&state.store).await?;
    Ok(Json(rules::status(&state.store, &person, now).await?))
}

async fn check(state: &AppState, person: &Person, kind: ApplicationKind) -> ApiResult<()> {
    let today = tokyo_date(state.clock.now(&state.store).await?);
    eligibility::check(state.config.demo, person, kind, today)
}

/// 「利用を開始」: refuse early what cannot succeed; the document names the chosen items.
async fn consent_challenge(
    State(state): State<AppState>,
    session: CurrentSession,
    ApiJson(body): ApiJson<ConsentSelection>,
) -> ApiResult<Json<Challenge>> {
    let person = &session.person;
    check(&state, person, ApplicationKind::OnestopConsent).await?;
    // Before the terms: whatever was agreed, this consent could never take effect.
    rules::require_cert_outlasts_consent(&state.store, person, state.clock.now(&state.store).await?).await?;
    steps::require_terms(&state, &session, &[OnestopFlow::Start, OnestopFlow::Renew]).await?;
    if !body.items.any() {
        return Err(OnestopRefusal::NoItemSelected.into());
    }
    let at = wareki_date_time(state.clock.now(&state.store).await?);
    // The name is the store's (a J-LIS change refuses control characters): failing is ours.
    let document = consent_document(&person.name, body.items, &at, &nonce())
        .map_err(|e| anyhow::anyhow!("consent document for {}: {e:?}", person.id))?;
    Ok(Json(signature::issue_challenge(&state.store, PURPOSE_CONSENT, document, Some(&person.id)).await?))
}

/// 「同意する」 on 「…利用同意解除」: there must be a consent (or one applied for) to cancel.
async fn cancel_challenge(State(state): State<AppState>, session: CurrentSession) -> ApiResult<Json<Challenge>> {
    let person = &session.person;
    check(&state, person, ApplicationKind::OnestopConsentCancel).await?;
    if !rules::has_something_to_cancel(&state.store, person).await? {
        return Err(OnestopRefusal::NothingToCancel.into());
    }
    steps::require_terms(&state, &session, &[OnestopFlow::Cancel]).await?;
    let at = wareki_date_time(state.clock.now(&state.store).await?);
    let document = cancel_document(&person.name, &at, &nonce())
        .map_err(|e| anyhow::anyhow!("cancel document for {}: {e:?}", person.id))?;
    Ok(Json(signature::issue_challenge(&state.store, PURPOSE_CANCEL, document, Some(&person.id)).await?))
}

/// The signed consent → 受付済 (201), or the application this key already made (200), by
/// the one signed path ([`applications::signed`]).
async fn consent(
    State(state): State<AppState>,
    session: CurrentSession,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SignedConsent>,
) -> ApiResult<Response> {
    submit_signed(&state, &session, &headers, &body.signed, &Consent(body.items)).await
}

/// The signed cancellation → 受付済 (201), or the application this key already made (200).
async fn cancel(
    State(state): State<AppState>,
    session: CurrentSession,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SignedChallenge>,
) -> ApiResult<Response> {
    submit_signed(&state, &session, &headers, &body, &Cancel).await
}

/// What 「利用を開始」 (start or renew) adds to the signed path: the items chosen, which the
/// signed document names.
struct Consent(ConsentItems);

impl SignedFlow for Consent {
    const KIND: ApplicationKind = ApplicationKind::OnestopConsent;
    const PURPOSE: &'static str = PURPOSE_CONSENT;
    type Ready = ();

    /// A retry sends the items its first request named.
    fn same_request(&self, first: &Application) -> bool {
        parse_consent_document(&first.document) == Some(self.0)
    }

    /// At least one item 同意する (before the challenge is used up).
    async fn ready(&self, _: &AppState, _: &CurrentSession, _: &SignedChallenge, _: DateTime<Utc>) -> ApiResult<()> {
        if !self.0.any() {
            return Err(OnestopRefusal::NoItemSelected.into());
        }
        Ok(())
    }

    fn names(&self, _: &(), _: &Person, document: &str) -> ApiResult<()> {
        if parse_consent_document(document) != Some(self.0) {
            return Err(OnestopRefusal::DocumentMismatch.into());
        }
        Ok(())
    }

    async fn after(&self, state: &AppState, session: &CurrentSession) -> ApiResult<()> {
        steps::finish(state, session).await
    }
}

/// What 「利用同意解除」 adds to the signed path: a consent (or one applied for) to cancel.
struct Cancel;

impl SignedFlow for Cancel {
    const KIND: ApplicationKind = ApplicationKind::OnestopConsentCancel;
    const PURPOSE: &'static str = PURPOSE_CANCEL;
    type Ready = ();

    async fn ready(
        &self,
        state: &AppState,
        session: &CurrentSession,
        _: &SignedChallenge,
        _: DateTime<Utc>,
    ) -> ApiResult<()> {
        if !rules::has_something_to_cancel(&state.store, &session.person).await? {
            return Err(OnestopRefusal::NothingToCancel.into());
        }
        Ok(())
    }

    fn names(&self, _: &(), _: &Person, document: &str) -> ApiResult<()> {
        if !is_cancel_document(document) {
            return Err(OnestopRefusal::DocumentMismatch.into());
        }
        Ok(())
    }

    async fn after(&self, state: &AppState, session: &CurrentSession) -> ApiResult<()> {
        steps::finish(state, session).await
    }
}

/// `POST /api/demo/jlis-change`: stored for the worker (202); bad input stores nothing.
async fn jlis_change(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<JlisChange>,
) -> ApiResult<(StatusCode, Json<JlisChangeReceipt>)> {
    let person = persons::get(&state.store, &body.person).await?.ok_or(ApiError::UnknownPerson)?;
    let now = state.clock.now(&state.store).await?;
    check_change(&body, tokyo_date(now)).map_err(OnestopRefusal::InvalidChange)?;
    let trimmed = |s: &Option<String>| s.as_deref().map(|v| v.trim().to_string());
    let change = Change {
        id: new_id(),
        person_id: person.id,
        address: trimmed(&body.address),
        name: trimmed(&body.name),
        birth_date: body.birth_date,
    };
    store::insert_change(&state.store, &change, now).await?;
    state.worker.wake();
    Ok((StatusCode::ACCEPTED, Json(JlisChangeReceipt { id: change.id })))
}
