//! `GET /api/license` and the three hidden-by-default values, each only for the
//! logged-in person's own record (SPEC §4.4). Eligibility comes from the domain crate
//! and is recomputed on every request.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::NaiveDate;
use domain::dates::tokyo_date;
use domain::eligibility::{allows, lecture, renewal_notice, LectureFacts, Service};
use domain::license::{
    HistoryClassValue, HistoryDetail, HonsekiValue, LicenseDetail, LicenseResponse, Procedures, RecordDetail,
    RecordView,
};

use crate::demo::photo::portrait_svg;
use crate::error::{ApiError, ApiResult};
use crate::session::CurrentPerson;
use crate::store::persons::{Person, RecordKind};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/license", get(license))
        .route("/api/license/honseki", get(honseki))
        .route("/api/license/history-class", get(history_class))
        .route("/api/license/photo", get(photo))
}

async fn license(State(state): State<AppState>, CurrentPerson(p): CurrentPerson) -> ApiResult<Json<LicenseResponse>> {
    let today = tokyo_date(state.clock.now(&state.store).await?);
    Ok(Json(license_response(&p, today)))
}

/// What the licence page shows. 本籍, the photo and 運転経歴区分 are never part of it.
pub fn license_response(p: &Person, today: NaiveDate) -> LicenseResponse {
    if !is_linked(p) {
        return LicenseResponse::Unlinked { status: p.status, can_link: allows(p.status, Service::LinkAndView) };
    }
    // The 「受講不可」 mark follows the full lecture rule (colour, age, window), not just the status.
    let (detail, renewal, lecture_ok) = match &p.record {
        RecordKind::License { color, valid_until, conditions } => {
            let facts = LectureFacts { status: p.status, color: *color, birth: p.birth_date, expiry: *valid_until };
            let detail = RecordDetail::License(LicenseDetail {
                color: *color,
                valid_until: *valid_until,
                number: p.number.clone(),
                kinds: p.kinds.clone(),
                date_two_small_moped: p.date_two_small_moped,
                date_other: p.date_other,
                date_second_class: p.date_second_class,
                conditions: conditions.clone(),
                remarks: p.remarks.clone(),
            });
            (detail, renewal_notice(&facts, today), lecture(&facts, today).is_ok())
        }
        RecordKind::History { recorded_on, .. } => {
            let detail = RecordDetail::History(HistoryDetail {
                recorded_on: *recorded_on,
                number: p.number.clone(),
                kinds: p.kinds.clone(),
                date_two_small_moped: p.date_two_small_moped,
                date_other: p.date_other,
                date_second_class: p.date_second_class,
                remarks: p.remarks.clone(),
            });
            (detail, None, false)
        }
    };
    LicenseResponse::Linked(Box::new(RecordView {
        status: p.status,
        registered_on: p.registered_on,
        name: p.name.clone(),
        kana: p.kana.clone(),
        alias_name: p.alias_name.clone(),
        former_name: p.former_name.clone(),
        birth_date: p.birth_date,
        address: p.address.clone(),
        detail,
        renewal,
        procedures: Procedures {
            lecture: lecture_ok,
            honseki: allows(p.status, Service::HonsekiChange),
            onestop: allows(p.status, Service::OnestopStatusCancel),
        },
    }))
}

/// Linked, and the holding status still allows viewing (re-checked, never trusted).
pub fn is_linked(p: &Person) -> bool {
    p.linked && allows(p.status, Service::LinkAndView)
}

fn require_linked(p: &Person) -> ApiResult<()> {
    if is_linked(p) {
        Ok(())
    } else {
        Err(ApiError::NotLinked)
    }
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
