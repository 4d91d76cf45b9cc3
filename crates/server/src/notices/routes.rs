//! `/api/notices`: the person's own お知らせ, newest first (SPEC §4.10). Reading one is a
//! GET that changes nothing; the SPA marks it read with `POST /api/notices/{id}/read` when
//! it shows it (a prefetch, a crawler or a retried GET must not). Another person's notice
//! id is 404 `not_found`, like an unknown one.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use domain::notices::{NoticeDetail, NoticeSummary, UnreadCount};

use crate::error::{ApiError, ApiResult};
use crate::rate_limit::unlimited;
use crate::session::CurrentPerson;
use crate::store::notices;
use crate::AppState;
use routes::api;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(api::NOTICES, get(list).route_layer(unlimited()))
        .route(api::NOTICES_UNREAD_COUNT, get(unread_count).route_layer(unlimited()))
        .route(api::NOTICES_ID, get(open).route_layer(unlimited()))
        .route(api::NOTICES_ID_READ, post(mark_read).route_layer(unlimited()))
}

async fn list(
    State(state): State<AppState>,
    CurrentPerson(person): CurrentPerson,
) -> ApiResult<Json<Vec<NoticeSummary>>> {
    let list = notices::list_for_person(&state.store, &person.id).await?;
    Ok(Json(
        list.into_iter()
            .map(|notices::Listed { notice: n, application }| NoticeSummary {
                unread: n.read_at.is_none(),
                about: domain::notices::about(n.kind, application.as_ref().map(|(k, no)| (*k, no.as_str()))),
                id: n.id,
                kind: n.kind,
                title: n.title,
                created_at: n.created_at,
            })
            .collect(),
    ))
}

async fn unread_count(
    State(state): State<AppState>,
    CurrentPerson(person): CurrentPerson,
) -> ApiResult<Json<UnreadCount>> {
    let n = notices::unread_count(&state.store, &person.id).await?;
    Ok(Json(UnreadCount { unread: u32::try_from(n).unwrap_or(u32::MAX) }))
}

/// One notice, as it is (read or not).
async fn open(
    State(state): State<AppState>,
    CurrentPerson(person): CurrentPerson,
    Path(id): Path<String>,
) -> ApiResult<Json<NoticeDetail>> {
    let n = notices::get_for_person(&state.store, &person.id, &id).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(NoticeDetail {
        id: n.id,
        kind: n.kind,
        title: n.title,
        body: n.body,
        created_at: n.created_at,
        read_at: n.read_at,
        application_id: n.application_id,
    }))
}

/// The person has seen the notice: 204, again 204 (the first read time stays).
async fn mark_read(
    State(state): State<AppState>,
    CurrentPerson(person): CurrentPerson,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let now = state.clock.now(&state.store).await?;
    if notices::mark_read(&state.store, &person.id, &id, now).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound)
    }
}
