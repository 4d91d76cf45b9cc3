//! `/api/applications`: submit (idempotent on the `Idempotency-Key` header), list the
//! person's own applications, and one with its status history (SPEC §4.10, §6).

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use domain::applications::{ApplicationDetail, ApplicationSummary, SubmitApplication};

use super::{answer, idempotency_key, requires_signature, submitted_by_its_flow};
use crate::applications;
use crate::error::{ApiError, ApiResult, External};
use crate::json::ApiJson;
use crate::rate_limit::unlimited;
use crate::session::CurrentPerson;
use crate::store::{applications as store, notices};
use crate::AppState;
use routes::api;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(api::APPLICATIONS, get(list).post(submit).route_layer(unlimited()))
        .route(api::APPLICATIONS_ID, get(detail).route_layer(unlimited()))
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
    if requires_signature(body.kind) {
        return Err(ApiError::SignatureRequired);
    }
    if submitted_by_its_flow(body.kind) {
        return Err(ApiError::SubmittedByItsFlow);
    }
    let submitted = applications::submit(&state, &person, body.kind, &body.document, key).await?;
    Ok(answer(submitted))
}

async fn list(
    State(state): State<AppState>,
    CurrentPerson(person): CurrentPerson,
) -> ApiResult<Json<Vec<ApplicationSummary>>> {
    let apps = store::list_for_person(&state.store, &person.id).await?;
    Ok(Json(
        apps.into_iter()
            .map(|a| ApplicationSummary {
                receipt_no: a.receipt_no,
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
        receipt_no: app.receipt_no,
        id: app.id,
        kind: app.kind,
        status: app.status,
        submitted_at: app.created_at,
        updated_at: app.updated_at,
        reject_reason: app.reject_reason,
        history,
        notice_id,
        waiting: app
            .waiting
            .filter(|_| !app.status.is_final())
            .and_then(|code| External::from_code(&code))
            .map(|system| ApiError::Unavailable(system).problem()),
    }))
}
