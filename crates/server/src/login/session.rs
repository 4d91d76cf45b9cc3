//! `GET /api/session`, `GET /api/header` and `POST /api/logout`.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use domain::api::{HeaderInfo, SessionInfo};

use crate::error::ApiResult;
use crate::rate_limit::unlimited;
use crate::session::{self, session_info, CurrentPerson};
use crate::store::notices;
use crate::AppState;
use routes::api;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(api::SESSION, get(current).route_layer(unlimited()))
        .route(api::HEADER, get(header_info).route_layer(unlimited()))
        .route(api::LOGOUT, post(logout).route_layer(unlimited()))
}

/// The page header's facts: the person's name and unread count, or nothing for a visitor.
async fn header_info(State(state): State<AppState>, person: Option<CurrentPerson>) -> ApiResult<impl IntoResponse> {
    let info = match person {
        None => HeaderInfo::default(),
        Some(CurrentPerson(p)) => {
            let unread = notices::unread_count(&state.store, &p.id).await?;
            HeaderInfo { name: Some(p.name), unread: u32::try_from(unread).unwrap_or(u32::MAX) }
        }
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(info)))
}

async fn current(CurrentPerson(person): CurrentPerson) -> Json<SessionInfo> {
    Json(session_info(&person))
}

/// Always 204 with a clearing cookie, logged in or not: logging out twice is not an error.
async fn logout(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<impl IntoResponse> {
    session::end(&state, &headers).await?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, session::clearing_cookie(&state))]))
}
