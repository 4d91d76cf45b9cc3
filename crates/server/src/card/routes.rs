//! The remote card reader (demo mode only, docs/CONTRACT-card.md): APDUs from the SPA's
//! remote-reader transport to a demo person's virtual card.
//!
//! * `POST /api/card/session` `{"person"?}` → 204: the card is tapped anew.
//! * `POST /api/card/apdu` `{"apdu":b64, "person"?}` → `{"response":b64}`
//!
//! With a session the card is the session person's (`person` absent or equal, otherwise
//! 409 `card_person_mismatch`). Without one (the `/login` page), the tap names the person
//! chosen there (unknown or absent: 404 `unknown_person`) and binds this browser's reader
//! to that card: cookie `__Secure-card_reader` (Secure, HttpOnly, SameSite=Strict, `Path=/api/card`, ten
//! minutes). An APDU without a session must come with that cookie, for that card (403
//! `card_reader_unbound`), so a script without the page's choice cannot drive — or lock —
//! anyone's card, and unknown names never reach the card locks.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use domain::card::{ApduRequest, ApduResponse, CardSession};

use super as card;
use crate::error::{ApiError, ApiResult};
use crate::json::ApiJson;
use crate::rate_limit::{limited, Class};
use crate::session::{self, CurrentPerson};
use crate::store::{card_readers, persons};
use crate::AppState;
use chrono::{Duration, Utc};
use routes::api;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(api::CARD_APDU, post(apdu).route_layer(limited(Class::Card)))
        .route(api::CARD_SESSION, post(tap).route_layer(limited(Class::Card)))
}

/// The reader cookie's name (`__Secure-`: its path is narrower than `/`) and life.
pub const READER_COOKIE: session::CookieName =
    session::CookieName { secure: "__Secure-card_reader", insecure: "card_reader" };
const READER_LIFETIME_SECS: i64 = 10 * 60;

/// Whose card a request with a session reaches (see the module doc).
fn session_target(CurrentPerson(p): CurrentPerson, asked: Option<String>) -> ApiResult<String> {
    match asked {
        None => Ok(p.id),
        Some(asked) if asked == p.id => Ok(p.id),
        Some(_) => Err(ApiError::CardPersonMismatch),
    }
}

/// Without a session: the card this browser's reader was bound to by its tap.
async fn bound_target(state: &AppState, headers: &HeaderMap, asked: Option<String>) -> ApiResult<String> {
    let token = session::cookie_token(headers, READER_COOKIE.get(&state.config)).ok_or(ApiError::CardReaderUnbound)?;
    let bound = card_readers::person_for(&state.store, &session::hash_token(token), Utc::now())
        .await?
        .ok_or(ApiError::CardReaderUnbound)?;
    match asked {
        Some(asked) if asked != bound => Err(ApiError::CardReaderUnbound),
        _ => Ok(bound),
    }
}

async fn apdu(
    State(state): State<AppState>,
    session: Option<CurrentPerson>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<ApduRequest>,
) -> ApiResult<impl IntoResponse> {
    let person = match session {
        Some(current) => session_target(current, body.person)?,
        None => bound_target(&state, &headers, body.person).await?,
    };
    let command = B64.decode(body.apdu.trim()).map_err(|_| ApiError::MalformedApdu)?;
    match card::removal::card_presence(&state.store, &person).await? {
        card::removal::Presence::Present => {}
        card::removal::Presence::Gone => return Err(ApiError::CardRemoved),
        card::removal::Presence::Held => {
            card::removal::wait_while_held(&state.store, &person).await?;
            return Err(ApiError::CardRemoved);
        }
    }
    let response = card::exchange(&state, &person, &command).await?.ok_or(ApiError::UnknownPerson)?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(ApduResponse { response: B64.encode(response) })))
}

async fn tap(
    State(state): State<AppState>,
    session: Option<CurrentPerson>,
    ApiJson(body): ApiJson<CardSession>,
) -> ApiResult<Response> {
    let (person, reader_cookie) = match session {
        Some(current) => (session_target(current, body.person)?, None),
        None => {
            // Only a known person's card is tapped (and gets a lock in `card::Cards`).
            let asked = body.person.ok_or(ApiError::UnknownPerson)?;
            let person = persons::get(&state.store, &asked).await?.ok_or(ApiError::UnknownPerson)?;
            let token = crate::ids::new_token();
            let now = Utc::now();
            let expires = now + Duration::seconds(READER_LIFETIME_SECS);
            card_readers::bind(&state.store, &session::hash_token(&token), &person.id, now, expires).await?;
            (person.id, Some(reader_cookie(&state, &token)))
        }
    };
    card::tap(&state, &person).await?.ok_or(ApiError::UnknownPerson)?;
    card::removal::on_tap(&state.store, &person).await?;
    let mut res = StatusCode::NO_CONTENT.into_response();
    if let Some(cookie) = reader_cookie {
        res.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(res)
}

fn reader_cookie(state: &AppState, token: &str) -> HeaderValue {
    let secure = if session::secure(&state.config) { "; Secure" } else { "" };
    let name = READER_COOKIE.get(&state.config);
    HeaderValue::from_str(&format!(
        "{name}={token}; Path=/api/card; HttpOnly; SameSite=Strict; Max-Age={READER_LIFETIME_SECS}{secure}"
    ))
    .expect("cookie is ASCII")
}
