//! `/api/link/…`: linking the portal with the licence system (manual 2章 ①-1).
//! The rules and their order are in [`super`]; handlers only run them.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Duration;
use domain::card::Challenge;
use domain::dates::western_date_time;
use domain::link::{CardAttributes, LinkRequest, LinkState};

use super::LinkRefusal;

/// The flow's name in `flow_states`, and how long its steps' state is kept.
const FLOW: &str = "link";
const STATE_MINUTES: i64 = 10;
use crate::error::{ApiError, ApiResult, Refuse};
use crate::json::ApiJson;
use crate::pki::x509;
use crate::rate_limit::{limited, unlimited, Class};
use crate::session::{session_info, CurrentPerson, CurrentSession};
use crate::signature::{self, SignatureError};
use crate::store::audit::{self, LinkAction};
use crate::store::flow_states;
use crate::store::persons::{self, Person};
use crate::AppState;
use routes::api;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(api::LINK_STATE, get(state_of).put(keep_read).delete(forget).route_layer(unlimited()))
        .route(api::LINK_CHECK, post(check).route_layer(unlimited()))
        .route(api::LINK_CHALLENGE, post(challenge).route_layer(limited(Class::Signing)))
        .route(api::LINK, post(complete).route_layer(limited(Class::Signing)))
}

fn precheck(person: &Person, attributes: &CardAttributes) -> Result<(), LinkRefusal> {
    super::may_link(person)?;
    super::check_attributes(attributes)
}

async fn load(state: &AppState, session: &CurrentSession) -> ApiResult<LinkState> {
    let now = state.clock.now(&state.store).await?;
    let json = flow_states::get(&state.store, &session.token_hash, FLOW, now).await?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default())
}

async fn save(state: &AppState, session: &CurrentSession, kept: &LinkState) -> ApiResult<()> {
    let now = state.clock.now(&state.store).await?;
    let json = serde_json::to_string(kept).map_err(anyhow::Error::from)?;
    Ok(flow_states::put(&state.store, &session.token_hash, FLOW, &json, now + Duration::minutes(STATE_MINUTES)).await?)
}

/// What the steps after the first card read gave (a reload of step 7 or 8 shows it again).
async fn state_of(State(state): State<AppState>, session: CurrentSession) -> ApiResult<Json<LinkState>> {
    Ok(Json(load(&state, &session).await?))
}

/// Step 6's read, kept for the steps after it (well-formed attributes only; whether they
/// may be used is 「送信」's question, step 7). A new read forgets an earlier 「送信」.
async fn keep_read(
    State(state): State<AppState>,
    session: CurrentSession,
    ApiJson(attributes): ApiJson<CardAttributes>,
) -> ApiResult<StatusCode> {
    super::check_attributes(&attributes)?;
    save(&state, &session, &LinkState { attributes: Some(attributes), sent: false }).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 「キャンセル」: what the steps kept is forgotten.
async fn forget(State(state): State<AppState>, session: CurrentSession) -> ApiResult<StatusCode> {
    let mut conn = state.store.pool().acquire().await?;
    flow_states::delete(&mut conn, &session.token_hash, FLOW).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Step 7 「送信」: refuse early what cannot succeed (status, pre-procedures, malformed
/// attributes); the steps' state records that these were sent.
async fn check(
    State(state): State<AppState>,
    session: CurrentSession,
    ApiJson(attributes): ApiJson<CardAttributes>,
) -> ApiResult<StatusCode> {
    precheck(&session.person, &attributes)?;
    save(&state, &session, &LinkState { attributes: Some(attributes), sent: true }).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Step 8 「同意する」: the document to sign names the terms and the attributes' digest.
async fn challenge(
    State(state): State<AppState>,
    CurrentPerson(person): CurrentPerson,
    ApiJson(attributes): ApiJson<CardAttributes>,
) -> ApiResult<Json<Challenge>> {
    precheck(&person, &attributes)?;
    let at = western_date_time(state.clock.now(&state.store).await?);
    let document = super::agreement_document(&person.id, &attributes, &at)?;
    Ok(Json(signature::issue_challenge(&state.store, super::PURPOSE, document, Some(&person.id)).await?))
}

/// Steps 9–10: the signed agreement. Every attempt is audited, refused ones with their
/// code and the certificate's serial when one could be read.
async fn complete(
    State(state): State<AppState>,
    session: CurrentSession,
    headers: HeaderMap,
    ApiJson(body): ApiJson<LinkRequest>,
) -> ApiResult<Response> {
    let person = session.person.clone();
    // Over a stale link (issue 30) this is linking again: the audit trail says so.
    let action = if person.link_is_stale() { LinkAction::Relink } else { LinkAction::Link };
    let serial = match verify_link(&state, &person, &body).await {
        Ok(serial) => serial,
        Err(err) => {
            let mut conn = state.store.pool().acquire().await?;
            audit::record(&mut conn, &person.id, action, err.code(), certificate_serial(&body).as_deref()).await?;
            return Err(err);
        }
    };
    let mut tx = state.store.begin().await?;
    // One statement: the link now names the registry's current record, replacing a stale one.
    let linked = persons::change_link(&mut tx, &person.id, true).await?;
    // A concurrent second request lost the race: refused like any second link.
    let outcome = if linked { "ok" } else { LinkRefusal::AlreadyLinked.code() };
    audit::record(&mut tx, &person.id, action, outcome, Some(&serial)).await?;
    // Linked: what the steps kept (the attributes read) is deleted with it.
    flow_states::delete(&mut tx, &session.token_hash, FLOW).await?;
    tx.commit().await?;
    if !linked {
        return Err(LinkRefusal::AlreadyLinked.into());
    }
    let person = persons::get(&state.store, &person.id).await?.ok_or(ApiError::NotLoggedIn)?;
    tracing::info!(person = %person.id, %serial, "linked");
    // A card signature is a re-authentication: a new session token.
    crate::session::with_rotated(&state, &headers, Json(session_info(&person)).into_response()).await
}

/// The checks of [`super`] in order; the certificate's serial when all pass.
async fn verify_link(state: &AppState, person: &Person, body: &LinkRequest) -> ApiResult<String> {
    precheck(person, &body.attributes)?;
    if body.signed.phone.is_some() {
        // The phone signing credential: the attributes must equal those of the card
        // certificate that registered it.
        let (verified, _) = signature::verify_step(state, &body.signed, super::PURPOSE, &person.id).await?;
        super::attributes_match(&body.attributes, verified.basic_four.as_ref())?;
        return agreement_names(&body.attributes, verified);
    }
    let cert_der = signature::decode_b64("certificate", &body.signed.certificate)?;
    let sig = signature::decode_b64("signature", &body.signed.signature)?;
    let cert = x509::parse(&cert_der).map_err(SignatureError::Malformed)?;
    super::attributes_match(&body.attributes, cert.basic_four.as_ref())?;
    let verified = signature::verify_signed(
        signature::Verifier::of(state),
        &body.signed.challenge,
        super::PURPOSE,
        &cert_der,
        &sig,
        Some(&person.id),
    )
    .await?;
    agreement_names(&body.attributes, verified)
}

/// The signed document must name exactly the attributes sent now.
fn agreement_names(attributes: &CardAttributes, verified: signature::VerifiedSignature) -> ApiResult<String> {
    let expected = super::attributes_digest(attributes);
    if super::digest_in_document(&verified.document) != Some(expected.as_str()) {
        return Err(LinkRefusal::AttributesMismatch.into());
    }
    Ok(verified.serial)
}

/// The serial of the certificate sent, for the audit trail of a refused attempt.
fn certificate_serial(body: &LinkRequest) -> Option<String> {
    let der = signature::decode_b64("certificate", &body.signed.certificate).ok()?;
    x509::parse(&der).ok().map(|c| c.serial)
}
