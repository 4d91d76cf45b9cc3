//! `/api/sessions`: the person's live login sessions, and ending them.
//!
//! * `GET /api/sessions` → `Vec<SessionEntry>`: the request's own first (marked `current`),
//!   then the others, most recently used first;
//! * `DELETE /api/sessions/{id}` → 204: that session ends (the request's own: a logout, its
//!   cookie cleared); another person's id or an unknown one → 404 `not_found`;
//! * `DELETE /api/sessions` → `SessionsEnded`: every session but the request's own ends.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use axum::{Json, Router};
use domain::api::{SessionEntry, SessionsEnded};
use domain::dates::tokyo;

use crate::error::{ApiError, ApiResult};
use crate::rate_limit::unlimited;
use crate::session::{self, CurrentSession};
use crate::store::sessions;
use crate::AppState;
use routes::api;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(api::SESSIONS, get(list).delete(end_others).route_layer(unlimited()))
        .route(api::SESSIONS_ID, delete(end_one).route_layer(unlimited()))
}

async fn list(State(state): State<AppState>, current: CurrentSession) -> ApiResult<Json<Vec<SessionEntry>>> {
    let now = state.wall.now();
    let mut listed =
        sessions::list_for_person(&state.store, &current.person.id, now, session::idle_cutoff(now)).await?;
    // This device first (a person looks for it before deciding about the others); the
    // rest stay most recently used first (the sort is stable).
    listed.sort_by_key(|s| s.token_hash != current.token_hash);
    Ok(Json(
        listed
            .into_iter()
            .map(|s| SessionEntry {
                current: s.token_hash == current.token_hash,
                id: s.public_id,
                device: s.device,
                logged_in_at: s.created_at.with_timezone(&tokyo()),
                last_seen_at: s.last_seen_at.with_timezone(&tokyo()),
            })
            .collect(),
    ))
}

async fn end_one(
    State(state): State<AppState>,
    current: CurrentSession,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    // A token a rotation replaced can end nothing (issue 24): not even the session that
    // replaced it.
    if current.replaced {
        return Err(ApiError::NotLoggedIn);
    }
    let now = state.wall.now();
    let mine = sessions::list_for_person(&state.store, &current.person.id, now, session::idle_cutoff(now)).await?;
    let ending_this_one = mine.iter().any(|s| s.public_id == id && s.token_hash == current.token_hash);
    if !sessions::delete_by_public_id(&state.store, &current.person.id, &id).await? {
        return Err(ApiError::NotFound);
    }
    tracing::info!(person = %current.person.id, "ended a session from the sessions list");
    if ending_this_one {
        return Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, session::clearing_cookie(&state))]).into_response());
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn end_others(State(state): State<AppState>, current: CurrentSession) -> ApiResult<Json<SessionsEnded>> {
    if current.replaced {
        return Err(ApiError::NotLoggedIn);
    }
    let ended = sessions::delete_others(&state.store, &current.person.id, &current.token_hash).await?;
    tracing::info!(person = %current.person.id, ended, "ended the other sessions");
    Ok(Json(SessionsEnded { ended: u32::try_from(ended).unwrap_or(u32::MAX) }))
}
