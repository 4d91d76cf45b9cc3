//! The remote card reader (demo mode only, docs/CONTRACT-card.md): APDUs from the SPA's
//! remote-reader transport to a demo person's virtual card.
//!
//! * `POST /api/card/apdu` `{"apdu":b64, "person"?}` → `{"response":b64}`
//! * `POST /api/card/session` `{"person"?}` → 204: the card is tapped anew.
//!
//! With a session the card is the session person's (`person` absent or equal, otherwise
//! 409 `card_person_mismatch`); without one, `person` names it (unknown or absent: 404
//! `unknown_person`).

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::{Json, Router};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use domain::card::{ApduRequest, ApduResponse, CardSession};

use super as card;
use crate::error::{ApiError, ApiResult};
use crate::json::ApiJson;
use crate::session::CurrentPerson;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/card/apdu", post(apdu)).route("/api/card/session", post(tap))
}

/// Whose card the request reaches (see the module doc).
fn target(session: Option<CurrentPerson>, person: Option<String>) -> ApiResult<String> {
    match (session, person) {
        (Some(CurrentPerson(p)), None) => Ok(p.id),
        (Some(CurrentPerson(p)), Some(asked)) if asked == p.id => Ok(p.id),
        (Some(_), Some(_)) => Err(ApiError::CardPersonMismatch),
        (None, Some(asked)) => Ok(asked),
        (None, None) => Err(ApiError::UnknownPerson),
    }
}

async fn apdu(
    State(state): State<AppState>,
    session: Option<CurrentPerson>,
    ApiJson(body): ApiJson<ApduRequest>,
) -> ApiResult<impl IntoResponse> {
    let person = target(session, body.person)?;
    let command = B64.decode(body.apdu.trim()).map_err(|_| ApiError::MalformedApdu)?;
    if !card::removal::card_present(&state.store, &person).await? {
        return Err(ApiError::CardRemoved);
    }
    let response = card::exchange(&state, &person, &command).await?.ok_or(ApiError::UnknownPerson)?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(ApduResponse { response: B64.encode(response) })))
}

async fn tap(
    State(state): State<AppState>,
    session: Option<CurrentPerson>,
    ApiJson(body): ApiJson<CardSession>,
) -> ApiResult<StatusCode> {
    let person = target(session, body.person)?;
    card::tap(&state, &person).await?.ok_or(ApiError::UnknownPerson)?;
    card::removal::on_tap(&state.store, &person).await?;
    Ok(StatusCode::NO_CONTENT)
}
