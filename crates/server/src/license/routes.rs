//! `GET /api/license` and the three hidden-by-default values, each only for the
//! logged-in person's own record (SPEC §4.4).

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use domain::dates::tokyo_date;
use domain::license::{HistoryClassValue, HonsekiValue, LicenseResponse};

use super::license_response;
use crate::access::require_linked;
use crate::demo::photo::portrait_svg;
use crate::error::{ApiError, ApiResult};
use crate::rate_limit::unlimited;
use crate::session::CurrentPerson;
use crate::store::persons::RecordKind;
use crate::AppState;
use routes::api;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(api::LICENSE, get(license).route_layer(unlimited()))
        .route(api::LICENSE_HONSEKI, get(honseki).route_layer(unlimited()))
        .route(api::LICENSE_HISTORY_CLASS, get(history_class).route_layer(unlimited()))
        .route(api::LICENSE_PHOTO, get(photo).route_layer(unlimited()))
}

async fn license(State(state): State<AppState>, CurrentPerson(p): CurrentPerson) -> ApiResult<Json<LicenseResponse>> {
    let today = tokyo_date(state.clock.now(&state.store).await?);
    Ok(Json(license_response(&p, today)))
}

/// 本籍: licence holders only.
async fn honseki(CurrentPerson(p): CurrentPerson) -> ApiResult<Json<HonsekiValue>> {
    require_linked(&p)?;
    match p.record {
        RecordKind::License { .. } => Ok(Json(HonsekiValue { honseki: p.honseki })),
        RecordKind::History { .. } => Err(ApiError::NotApplicable),
    }
}

/// 運転経歴区分: driving-history holders only.
async fn history_class(CurrentPerson(p): CurrentPerson) -> ApiResult<Json<HistoryClassValue>> {
    require_linked(&p)?;
    match p.record {
        RecordKind::History { history_class, .. } => Ok(Json(HistoryClassValue { history_class })),
        RecordKind::License { .. } => Err(ApiError::NotApplicable),
    }
}

/// 顔写真 of the logged-in person only (there is no person parameter to tamper with).
async fn photo(CurrentPerson(p): CurrentPerson) -> ApiResult<Response> {
    require_linked(&p)?;
    let mut res = portrait_svg(&p.id).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    // Opened on its own, an SVG is a document: it may style itself but run nothing.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'"),
    );
    Ok(res)
}
