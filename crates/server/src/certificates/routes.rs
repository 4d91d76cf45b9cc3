//! `GET /api/certificates` (see the module documentation).

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use domain::card::CertificateValidity;
use domain::dates::tokyo_date;

use crate::error::ApiResult;
use crate::pki::CertKind;
use crate::rate_limit::unlimited;
use crate::session::CurrentPerson;
use crate::store::pki;
use crate::AppState;
use routes::api;

pub fn routes() -> Router<AppState> {
    Router::new().route(api::CERTIFICATES, get(list).route_layer(unlimited()))
}

async fn list(
    State(state): State<AppState>,
    CurrentPerson(person): CurrentPerson,
) -> ApiResult<Json<Vec<CertificateValidity>>> {
    let now = state.clock.now(&state.store).await?;
    let newest = pki::newest_of_person(&state.store, &person.id).await?;
    let mut out = Vec::new();
    // 利用者証明用 first, as the card's own order.
    for kind in [CertKind::Auth, CertKind::Signing] {
        if let Some(until) = newest.iter().find(|(k, _, _)| k == kind.code()).map(|(_, _, until)| *until) {
            out.push(CertificateValidity {
                kind: kind.code().to_string(),
                label: kind.label().to_string(),
                valid_until: tokyo_date(until),
                expired: now > until,
            });
        }
    }
    Ok(Json(out))
}
