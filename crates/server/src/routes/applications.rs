//! `/api/applications`: submit (idempotent on the `Idempotency-Key` header), list the
//! person's own applications, and one with its status history (SPEC §4.10, §6).

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use domain::applications::{ApplicationDetail, ApplicationSummary, SubmitApplication};

use crate::applications::{self, Submitted};
use crate::error::{ApiError, ApiResult};
use crate::json::ApiJson;
use crate::session::CurrentPerson;
use crate::store::{applications as store, notices};
use crate::AppState;

pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/applications", get(list).post(submit))
        .route("/api/applications/{id}", get(detail))
}

/// The request's `Idempotency-Key`, required on every submission.
pub fn idempotency_key(headers: &HeaderMap) -> ApiResult<&str> {
    let value = headers.get(IDEMPOTENCY_KEY).ok_or(ApiError::IdempotencyKeyRequired)?;
    value.to_str().map_err(|_| ApiError::InvalidIdempotencyKey)
}

/// 201 with the new application (受付済), or 200 with the one this key already made
/// (`Idempotent-Replayed: true`).
async fn submit(
    State(state): State<AppState>,
    CurrentPerson(person): CurrentPerson,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SubmitApplication>,
) -> ApiResult<Response> {
    let key = idempotency_key(&headers)?;
    if applications::kinds::requires_signature(body.kind) {
        return Err(ApiError::SignatureRequired);
    }
    let submitted = applications::submit(&state, &person, body.kind, &body.document, key, None).await?;
    Ok(answer(submitted))
}

/// 201 with the new application (its `Location`), or 200 with the one the key already
/// made; `Idempotent-Replayed` says which. Every submission route answers this way.
pub fn answer(submitted: Submitted) -> Response {
    let location =
        HeaderValue::from_str(&format!("/api/applications/{}", submitted.receipt().id)).expect("ids are hex");
    let (status, replayed) = match &submitted {
        Submitted::Created(_) => (StatusCode::CREATED, "false"),
        Submitted::Replayed(_) => (StatusCode::OK, "true"),
    };
    let mut res = (status, Json(submitted.receipt().clone())).into_response();
    res.headers_mut().insert(header::LOCATION, location);
    res.headers_mut().insert(HeaderName::from_static("idempotent-replayed"), HeaderValue::from_static(replayed));
    res
}

async fn list(
    State(state): State<AppState>,
    CurrentPerson(person): CurrentPerson,
) -> ApiResult<Json<Vec<ApplicationSummary>>> {
    let apps = store::list_for_person(&state.store, &person.id).await?;
    Ok(Json(
        apps.into_iter()
            .map(|a| ApplicationSummary {
                id: a.id,
                kind: a.kind,
                status: a.status,
                submitted_at: a.created_at,
                updated_at: a.updated_at,
            })
            .collect(),
    ))
}

/// Another person's application is 404 `not_found`, exactly like one that does not exist.
async fn detail(
    State(state): State<AppState>,
    CurrentPerson(person): CurrentPerson,
    Path(id): Path<String>,
) -> ApiResult<Json<ApplicationDetail>> {
    let app = store::get_for_person(&state.store, &person.id, &id).await?.ok_or(ApiError::NotFound)?;
    let history = store::history(&state.store, &app.id).await?;
    let notice_id = notices::for_application(&state.store, &app.id).await?;
    Ok(Json(ApplicationDetail {
        id: app.id,
        kind: app.kind,
        status: app.status,
        submitted_at: app.created_at,
        updated_at: app.updated_at,
        reject_reason: app.reject_reason,
        history,
        notice_id,
    }))
}
