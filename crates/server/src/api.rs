//! `/api/…`: every flow's routes in one router (docs/CONTRACT-skeleton.md). Each flow
//! folder has its own `routes()`; demo routes are mounted only in demo mode, so outside it
//! they fall to the same 404 `not_found` as any unknown path.

use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::rate_limit::unlimited;
use crate::{
    account, applications, card, certificates, demo, honseki, lecture, license, link, login, notices, onestop,
    phone_credential, unlink, AppState,
};
use routes::api;

pub fn routes(demo_mode: bool) -> Router<AppState> {
    let router = Router::new()
        .route(api::HEALTH, get(health).route_layer(unlimited()))
        .merge(login::routes())
        .merge(account::routes())
        .merge(applications::routes())
        .merge(notices::routes())
        .merge(license::routes())
        .merge(link::routes())
        .merge(unlink::routes())
        .merge(onestop::routes())
        .merge(honseki::routes())
        .merge(lecture::routes())
        .merge(phone_credential::routes())
        .merge(certificates::routes());
    if demo_mode {
        router.merge(demo::routes()).merge(card::routes()).merge(onestop::demo_routes())
    } else {
        router
    }
}

/// xtask waits for this before running e2e suites.
async fn health() -> Json<Value> {
    Json(json!({ "ok": true }))
}
