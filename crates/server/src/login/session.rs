//! `GET /api/session` and `POST /api/logout`.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use domain::api::SessionInfo;

use crate::error::ApiResult;
use crate::session::{self, session_info, CurrentPerson};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/session", get(current)).route("/api/logout", post(logout))
}

async fn current(CurrentPerson(person): CurrentPerson) -> Json<SessionInfo> {
    Json(session_info(&person))
}

/// Always 204 with a clearing cookie, logged in or not: logging out twice is not an error.
async fn logout(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<impl IntoResponse> {
    session::end(&state, &headers).await?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, session::clearing_cookie(&state, &headers))]))
}
