//! Card login with the 利用者証明用電子証明書 (docs/CONTRACT-card.md), in every mode:
//!
//! * `POST /api/login/challenge` → `Challenge` (purpose `login`, single use, 5 minutes);
//! * `POST /api/login/card` `{challenge, certificate, signature}` → `SessionInfo` and a new
//!   session cookie (the old session, if any, is ended: no fixation).

use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::{Json, Router};
use domain::card::SignedChallenge;

use crate::error::{ApiError, ApiResult};
use crate::json::ApiJson;
use crate::rate_limit::{limited, Class};
use crate::session::{self, session_info};
use crate::signature::{self, SignatureError};
use crate::store::persons;
use crate::AppState;
use routes::api;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(api::LOGIN_CHALLENGE, post(challenge).route_layer(limited(Class::Login)))
        .route(api::LOGIN_CARD, post(card_login).route_layer(limited(Class::Login)))
}

async fn challenge(State(state): State<AppState>) -> ApiResult<impl IntoResponse> {
    let challenge = signature::issue_login_challenge(&state.store, state.clock).await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(challenge)))
}

async fn card_login(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SignedChallenge>,
) -> ApiResult<impl IntoResponse> {
    let verifier = signature::Verifier::of(&state);
    let (verified, _) = signature::verify_answer(verifier, &body, signature::LOGIN, None).await?;
    let person =
        persons::get(&state.store, &verified.person).await?.ok_or(ApiError::from(SignatureError::CertNotRegistered))?;
    let cookie = session::start(&state, &headers, &person.id).await?;
    tracing::info!(person = %person.id, serial = %verified.serial, "card login");
    Ok(([(header::SET_COOKIE, cookie)], Json(session_info(&person))))
}
